<?cs include:"layout_head.cs" ?><?cs
# The printable guest list for when the network fails at the door: valid and
# used tickets by name, with seat and code; print CSS hides the site around it. ?>
<div class="guest-list">
<h1 class="page-title"><?cs var:Lang.Day.guests_heading ?>: <?cs var:Event.Name ?></h1>
<p class="guest-meta"><?cs var:Event.StartsLocal ?><?cs if:Event.Venue ?> · <?cs var:Event.Venue ?><?cs /if ?> · <?cs var:Lang.Day.guests_count ?> <?cs var:Guests.Count ?></p>
<p class="no-print"><a href="/organiser/events/<?cs var:url_escape(Event.Id) ?>/orders"><span aria-hidden="true">←</span> <?cs var:Lang.Day.orders_heading ?></a> · <?cs var:Lang.Day.print_hint ?></p><?cs
if:subcount(Tickets) > 0 ?>
<table class="table guest-table">
  <thead>
    <tr>
      <th scope="col"><span class="visually-hidden"><?cs var:Lang.Day.col_in ?></span><span aria-hidden="true">✓</span></th>
      <th scope="col"><?cs var:Lang.Day.col_name ?></th>
      <th scope="col"><?cs var:Lang.Day.col_seat ?></th>
      <th scope="col"><?cs var:Lang.Day.col_code ?></th>
    </tr>
  </thead>
  <tbody><?cs
  each:t = Tickets ?>
    <tr>
      <td class="tick"><?cs if:t.Status == "used" ?>✓<?cs else ?><span class="box" aria-hidden="true"></span><?cs /if ?></td>
      <th scope="row"><?cs var:t.Name ?></th>
      <td><?cs if:t.Section ?><?cs var:t.Section ?> <?cs var:t.Row ?>-<?cs var:t.Seat ?><?cs else ?><?cs var:t.Category ?><?cs /if ?></td>
      <td><code class="code"><?cs var:t.CodeShown ?></code></td>
    </tr><?cs
  /each ?>
  </tbody>
</table><?cs
else ?>
<p class="muted"><?cs var:Lang.Day.none_found ?></p><?cs
/if ?>
</div>
<?cs include:"layout_foot.cs" ?>
