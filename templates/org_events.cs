<?cs include:"layout_head.cs" ?>
<h1 class="page-title"><?cs var:Lang.OrgEv.list_heading ?></h1>
<?cs include:"organiser_nav.cs" ?>
<p class="toolbar"><a class="btn btn-primary" href="/organiser/events/new"><?cs var:Lang.OrgEv.new_link ?></a></p>
<nav aria-label="<?cs var:Lang.Day.tabs_label ?>">
  <ul class="tabs">
    <li><a href="/organiser/events"<?cs if:Tab != "past" ?> aria-current="page"<?cs /if ?>><?cs var:Lang.Day.tab_upcoming ?></a></li>
    <li><a href="/organiser/events?tab=past"<?cs if:Tab == "past" ?> aria-current="page"<?cs /if ?>><?cs var:Lang.Day.tab_past ?></a></li>
  </ul>
</nav>
<section aria-labelledby="events-heading">
  <h2 id="events-heading" class="visually-hidden"><?cs var:Lang.OrgEv.list_label ?></h2><?cs
  if:subcount(Events) > 0 ?>
  <div class="table-wrap">
  <table class="table table-stack">
    <thead>
      <tr>
        <th scope="col"><?cs var:Lang.OrgEv.col_event ?></th>
        <th scope="col"><?cs var:Lang.OrgEv.col_when ?></th>
        <th scope="col"><?cs var:Lang.OrgEv.col_venue ?></th>
        <th scope="col"><?cs var:Lang.OrgEv.col_status ?></th>
        <th scope="col"><?cs var:Lang.OrgEv.col_sold ?></th>
        <th scope="col"><span class="visually-hidden"><?cs var:Lang.OrgEv.col_report ?></span></th>
      </tr>
    </thead>
    <tbody><?cs
    each:e = Events ?>
      <tr>
        <th scope="row" data-label="<?cs var:Lang.OrgEv.col_event ?>"><a class="row-title" href="/organiser/events/<?cs var:url_escape(e.id) ?>"><?cs var:e.name ?></a></th>
        <td data-label="<?cs var:Lang.OrgEv.col_when ?>"><span class="nowrap"><?cs var:e.StartsLocal ?></span></td>
        <td data-label="<?cs var:Lang.OrgEv.col_venue ?>"><?cs if:e.venue_name ?><?cs var:e.venue_name ?><?cs else ?><span class="muted">—</span><?cs /if ?></td>
        <td data-label="<?cs var:Lang.OrgEv.col_status ?>"><?cs call:status_badge(e.status) ?></td>
        <td data-label="<?cs var:Lang.OrgEv.col_sold ?>"><?cs call:sold_meter(e.sold, e.capacity) ?></td>
        <td class="cell-actions"><?cs
          if:e.status == "published" || e.status == "completed" ?><a href="/organiser/events/<?cs var:url_escape(e.id) ?>/report"><?cs var:Lang.OrgEv.report_link ?><span class="visually-hidden">: <?cs var:e.name ?></span></a><?cs
          /if ?></td>
      </tr><?cs
    /each ?>
    </tbody>
  </table>
  </div><?cs
  if:Pager.Prev || Pager.Next ?>
  <nav class="pager" aria-label="<?cs var:Lang.Day.pages ?>"><?cs
    if:Pager.Prev ?>
    <a class="btn pager-prev" rel="prev" href="/organiser/events?tab=<?cs var:url_escape(Tab) ?>&amp;page=<?cs var:url_escape(Pager.Prev) ?>"><span aria-hidden="true">←</span> <?cs var:Lang.Day.prev ?></a><?cs
    /if ?><?cs
    if:Pager.Next ?>
    <a class="btn pager-next" rel="next" href="/organiser/events?tab=<?cs var:url_escape(Tab) ?>&amp;page=<?cs var:url_escape(Pager.Next) ?>"><?cs var:Lang.Day.next ?> <span aria-hidden="true">→</span></a><?cs
    /if ?>
  </nav><?cs
  /if ?><?cs
  else ?>
  <div class="empty">
    <p class="empty-title"><?cs var:Lang.OrgEv.empty ?></p>
    <p><?cs var:Lang.OrgEv.empty_hint ?></p>
  </div><?cs
  /if ?>
</section>
<?cs include:"layout_foot.cs" ?>
