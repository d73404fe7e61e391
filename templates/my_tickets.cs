<?cs include:"layout_head.cs" ?><?cs
# GET /account/tickets (signed in) and GET /tickets/mine (a guest who came by the mailed link,
# Guest.Email set): the tickets in three groups, current, past and cancelled or voided, each grouped by
# event in date order (Events.<group>.N with its Tickets, pages/shop.c fill_ticket_events: upcoming
# soonest first, the others latest first). ?><?cs
def:ticket_status(st) ?><span class="badge<?cs
  if:st == "valid" ?> badge-available<?cs
  elif:st == "used" ?> badge-cancelled<?cs
  else ?> badge-full<?cs
  /if ?>"><?cs if:Lang.Shop.Status[st] ?><?cs var:Lang.Shop.Status[st] ?><?cs else ?><?cs var:st ?><?cs /if ?></span><?cs
/def ?><?cs
def:ticket_card(t) ?>
        <li class="card ticket-card<?cs if:t.Group == "cancelled" ?> card-cancelled<?cs /if ?>">
          <div class="card-body">
            <p class="card-title"><a href="/tickets/<?cs var:url_escape(t.Code) ?>"><?cs if:t.Seat ?><?cs var:t.Seat ?><?cs else ?><?cs var:Lang.Shop.general_admission ?><?cs /if ?><span class="visually-hidden">, <?cs var:t.EventName ?></span></a></p>
            <p class="card-venue"><?cs if:t.CategoryName ?><?cs var:t.CategoryName ?><?cs elif:t.Category ?><?cs var:Lang.Shop.category ?> <?cs var:t.Category ?><?cs /if ?></p>
            <div class="card-foot">
              <span class="ticket-code-small"><span class="visually-hidden"><?cs var:Lang.Shop.code ?> </span><?cs var:t.CodeGrouped ?></span>
              <?cs call:ticket_status(t.Status) ?>
            </div>
          </div>
        </li><?cs
/def ?><?cs
def:event_blocks(list, g) ?><?cs
  each:e = list ?>
  <section class="ticket-event" aria-labelledby="tev-<?cs var:g ?>-<?cs var:name(e) ?>">
    <h3 id="tev-<?cs var:g ?>-<?cs var:name(e) ?>" class="ticket-event-title"><a href="/events/<?cs var:url_escape(e.EventId) ?>"><?cs var:e.EventName ?></a> <span class="ticket-event-when"><?cs var:e.StartsLocal ?></span></h3>
    <ul class="cards"><?cs each:t = e.Tickets ?><?cs call:ticket_card(t) ?><?cs /each ?>
    </ul>
  </section><?cs
  /each ?><?cs
/def ?><?cs
set:has_current = 0 ?><?cs set:has_past = 0 ?><?cs set:has_cancelled = 0 ?><?cs
each:t = Tickets ?><?cs
  if:t.Group == "current" ?><?cs set:has_current = 1 ?><?cs
  elif:t.Group == "past" ?><?cs set:has_past = 1 ?><?cs
  else ?><?cs set:has_cancelled = 1 ?><?cs
  /if ?><?cs
/each ?>
<h1 class="page-title"><?cs if:Guest.Shown ?><?cs var:Lang.Shop.guest_tickets_heading ?><?cs else ?><?cs var:Lang.Shop.my_tickets_heading ?><?cs /if ?></h1><?cs
if:Guest.Email ?>
<p class="lead"><?cs var:Lang.Shop.guest_tickets_for ?> <strong><?cs var:Guest.Email ?></strong></p><?cs
/if ?><?cs
if:!Tickets.0.Code ?>
<div class="empty">
  <p class="empty-title"><?cs var:Lang.Shop.no_tickets ?></p>
  <p><?cs var:Lang.Shop.no_tickets_hint ?></p>
  <p><a class="btn btn-primary" href="/"><?cs var:Lang.Shop.to_events ?></a></p>
</div><?cs
else ?><?cs
  if:has_current ?>
<section class="ticket-group" aria-labelledby="current-heading">
  <h2 id="current-heading"><?cs var:Lang.Shop.group_current ?></h2>
  <?cs call:event_blocks(Events.current, "c") ?>
</section><?cs
  else ?>
<p class="ticket-none"><?cs var:Lang.Shop.no_current ?> <a href="/"><?cs var:Lang.Shop.to_events ?></a></p><?cs
  /if ?><?cs
  if:has_past ?>
<section class="ticket-group" aria-labelledby="past-heading">
  <h2 id="past-heading"><?cs var:Lang.Shop.group_past ?></h2>
  <?cs call:event_blocks(Events.past, "p") ?>
</section><?cs
  /if ?><?cs
  if:has_cancelled ?>
<section class="ticket-group" aria-labelledby="cancelled-heading">
  <h2 id="cancelled-heading"><?cs var:Lang.Shop.group_cancelled ?></h2>
  <?cs call:event_blocks(Events.cancelled, "x") ?>
</section><?cs
  /if ?><?cs
/if ?>
<?cs include:"layout_foot.cs" ?>
