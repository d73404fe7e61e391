<?cs include:"layout_head.cs" ?>
<h1 class="page-title"><?cs var:Lang.AdminEv.heading ?></h1>
<form class="search search-inline" method="get" action="/admin/events" role="search" aria-label="<?cs var:Lang.AdminEv.search_label ?>">
  <div class="field search-q">
    <label for="q"><?cs var:Lang.AdminEv.q_label ?></label>
    <input type="search" id="q" name="q" value="<?cs var:Search.q ?>" maxlength="100" autocomplete="off">
  </div>
  <div class="search-actions">
    <button type="submit" class="btn btn-primary"><?cs var:Lang.AdminEv.search ?></button><?cs
    if:Search.q ?>
    <a class="btn btn-quiet" href="/admin/events"><?cs var:Lang.AdminEv.clear ?></a><?cs
    /if ?>
  </div>
</form>

<section aria-labelledby="all-heading">
  <h2 id="all-heading" class="visually-hidden"><?cs var:Lang.AdminEv.all_label ?></h2><?cs
  if:subcount(AllEvents) > 0 ?>
  <div class="table-wrap">
  <table class="table table-stack">
    <thead>
      <tr>
        <th scope="col"><?cs var:Lang.AdminEv.col_event ?></th>
        <th scope="col"><?cs var:Lang.AdminEv.col_when ?></th>
        <th scope="col"><?cs var:Lang.AdminEv.col_venue ?></th>
        <th scope="col"><?cs var:Lang.AdminEv.col_organiser ?></th>
        <th scope="col"><?cs var:Lang.AdminEv.col_status ?></th>
        <th scope="col"><?cs var:Lang.AdminEv.col_sold ?></th>
        <th scope="col"><?cs var:Lang.Sales.revenue ?></th>
      </tr>
    </thead>
    <tbody><?cs
    each:e = AllEvents ?>
      <tr>
        <th scope="row" data-label="<?cs var:Lang.AdminEv.col_event ?>">
          <a class="row-title" href="/organiser/events/<?cs var:url_escape(e.id) ?>"><?cs var:e.name ?></a><?cs
          if:e.status == "published" || e.status == "completed" || e.status == "cancelled" ?>
          <a class="small row-sub" href="/events/<?cs var:url_escape(e.id) ?>"><?cs var:Lang.AdminEv.public_page ?><span class="visually-hidden">: <?cs var:e.name ?></span></a><?cs
          /if ?>
        </th>
        <td data-label="<?cs var:Lang.AdminEv.col_when ?>"><span class="nowrap"><?cs var:e.StartsLocal ?></span></td>
        <td data-label="<?cs var:Lang.AdminEv.col_venue ?>"><?cs if:e.venue_name ?><?cs var:e.venue_name ?><?cs else ?><span class="muted">—</span><?cs /if ?></td>
        <td data-label="<?cs var:Lang.AdminEv.col_organiser ?>"><span class="organiser-email"><?cs var:e.organiser ?></span></td>
        <td data-label="<?cs var:Lang.AdminEv.col_status ?>"><?cs call:status_badge(e.status) ?></td>
        <td data-label="<?cs var:Lang.AdminEv.col_sold ?>"><?cs call:sold_meter(e.sold, e.capacity) ?></td>
        <td data-label="<?cs var:Lang.Sales.revenue ?>" class="top-revenue"><?cs var:#e.revenue / 100 ?> <?cs call:currency(e.currency) ?></td>
      </tr><?cs
    /each ?>
    </tbody>
  </table>
  </div><?cs
  else ?>
  <div class="empty">
    <p class="empty-title"><?cs if:Search.q ?><?cs var:Lang.AdminEv.empty_search ?><?cs else ?><?cs var:Lang.AdminEv.empty ?><?cs /if ?></p>
  </div><?cs
  /if ?><?cs
  if:Pager.Prev || Pager.Next ?>
  <nav class="pager" aria-label="<?cs var:Lang.AdminEv.pager_label ?>"><?cs
    if:Pager.Prev ?>
    <a class="btn pager-prev" rel="prev" href="/admin/events?<?cs if:Search.q ?>q=<?cs var:url_escape(Search.q) ?>&amp;<?cs /if ?>page=<?cs var:url_escape(Pager.Prev) ?>"><span aria-hidden="true">←</span> <?cs var:Lang.AdminEv.prev ?></a><?cs
    /if ?><?cs
    if:Pager.Next ?>
    <a class="btn pager-next" rel="next" href="/admin/events?<?cs if:Search.q ?>q=<?cs var:url_escape(Search.q) ?>&amp;<?cs /if ?>page=<?cs var:url_escape(Pager.Next) ?>"><?cs var:Lang.AdminEv.next ?> <span aria-hidden="true">→</span></a><?cs
    /if ?>
  </nav><?cs
  /if ?>
</section>

<section class="top-events" aria-labelledby="top-heading">
  <h2 id="top-heading"><?cs var:Lang.AdminEv.top_heading ?></h2><?cs
  if:subcount(TopEvents) > 0 ?>
  <div class="table-wrap">
  <table class="table table-stack">
    <thead>
      <tr>
        <th scope="col"><?cs var:Lang.AdminEv.col_rank ?></th>
        <th scope="col"><?cs var:Lang.AdminEv.col_event ?></th>
        <th scope="col"><?cs var:Lang.AdminEv.col_date ?></th>
        <th scope="col"><?cs var:Lang.AdminEv.col_status ?></th>
        <th scope="col"><?cs var:Lang.AdminEv.col_sold ?></th>
        <th scope="col"><?cs var:Lang.Sales.revenue ?></th>
      </tr>
    </thead>
    <tbody><?cs
    each:e = TopEvents ?>
      <tr>
        <td data-label="<?cs var:Lang.AdminEv.col_rank ?>"><?cs var:#1 + name(e) ?></td>
        <th scope="row" data-label="<?cs var:Lang.AdminEv.col_event ?>"><a class="row-title" href="/organiser/events/<?cs var:url_escape(e.id) ?>"><?cs var:e.name ?></a></th>
        <td data-label="<?cs var:Lang.AdminEv.col_date ?>"><span class="nowrap"><?cs var:e.StartsLocal ?></span></td>
        <td data-label="<?cs var:Lang.AdminEv.col_status ?>"><?cs call:status_badge(e.status) ?></td>
        <td data-label="<?cs var:Lang.AdminEv.col_sold ?>"><?cs call:sold_meter(e.sold, e.capacity) ?></td>
        <td data-label="<?cs var:Lang.Sales.revenue ?>" class="top-revenue"><?cs var:#e.revenue / 100 ?> <?cs call:currency(e.currency) ?></td>
      </tr><?cs
    /each ?>
    </tbody>
  </table>
  </div><?cs
  else ?>
  <p class="muted"><?cs var:Lang.AdminEv.top_empty ?></p><?cs
  /if ?>
</section>
<?cs include:"layout_foot.cs" ?>
