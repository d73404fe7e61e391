<?cs include:"layout_head.cs" ?><?cs
# The sales dashboard (pages/sales.c):
# Sales.Scope "event" (one event) or "all" (the organiser's events). Each chart's SVG is
# built in C with every text escaped there (lib/chart.c), so it is printed with uvar:;
# a table of the same figures follows each chart for screen readers and for reading. ?>
<h1 class="page-title"><?cs var:Lang.Sales.heading ?></h1>
<?cs include:"organiser_nav.cs" ?><?cs
if:Sales.Scope == "event" ?>
<p class="lead"><a href="/organiser/events/<?cs var:url_escape(Event.Id) ?>"><?cs var:Event.Name ?></a></p><?cs
/if ?>
<p class="sales-actions"><a class="btn" href="<?cs if:Sales.Scope == "event" ?>/organiser/events/<?cs var:url_escape(Event.Id) ?>/sales.csv<?cs else ?>/organiser/sales.csv<?cs /if ?>" download><?cs var:Lang.Sales.csv ?></a><?cs
if:Sales.Scope == "event" ?>
  <a class="btn" href="/organiser/events/<?cs var:url_escape(Event.Id) ?>/checkin"><?cs var:Lang.Sales.checkin_link ?></a><?cs
/if ?></p>

<dl class="figures sales-totals">
  <div><dt><?cs var:Lang.Sales.sold ?></dt><dd class="sales-sold"><?cs var:Sales.Totals.sold ?></dd></div>
  <div><dt><?cs var:Lang.Sales.revenue ?></dt><dd class="sales-revenue"><?cs var:Sales.Totals.revenue ?> <?cs call:currency(Sales.Currency) ?></dd></div>
  <div><dt><?cs var:Lang.Sales.cancelled ?></dt><dd class="sales-cancelled"><?cs var:Sales.Totals.cancelled ?></dd></div>
  <div><dt><?cs var:Lang.Sales.checked_in ?></dt><dd class="sales-checked-in"><?cs var:Sales.Totals.checked_in ?></dd></div>
  <div><dt><?cs var:Lang.Sales.left ?></dt><dd class="sales-left"><?cs var:Sales.Totals.left ?> / <?cs var:Sales.Totals.capacity ?></dd></div>
</dl><?cs

if:Sales.Scope == "all" ?>
<section class="panel" aria-labelledby="events-heading">
  <h2 id="events-heading"><?cs var:Lang.Sales.events_heading ?></h2><?cs
  if:subcount(Sales.Events) > 0 ?>
  <div class="table-wrap">
  <table class="table table-stack sales-events">
    <thead><tr>
      <th scope="col"><?cs var:Lang.Sales.col_event ?></th>
      <th scope="col"><?cs var:Lang.Sales.col_date ?></th>
      <th scope="col"><?cs var:Lang.Sales.sold ?></th>
      <th scope="col"><?cs var:Lang.Sales.revenue ?></th>
      <th scope="col"><?cs var:Lang.Sales.cancelled ?></th>
      <th scope="col"><?cs var:Lang.Sales.left ?></th>
    </tr></thead>
    <tbody><?cs
    each:e = Sales.Events ?>
      <tr>
        <th scope="row" data-label="<?cs var:Lang.Sales.col_event ?>"><a href="/organiser/events/<?cs var:url_escape(e.id) ?>/sales"><?cs var:e.name ?></a></th>
        <td data-label="<?cs var:Lang.Sales.col_date ?>"><?cs var:e.StartsLocal ?></td>
        <td data-label="<?cs var:Lang.Sales.sold ?>"><?cs var:e.sold ?></td>
        <td data-label="<?cs var:Lang.Sales.revenue ?>"><?cs var:e.RevenueShown ?> <?cs call:currency(e.currency) ?></td>
        <td data-label="<?cs var:Lang.Sales.cancelled ?>"><?cs var:e.cancelled ?></td>
        <td data-label="<?cs var:Lang.Sales.left ?>"><?cs var:e.Left ?> / <?cs var:e.capacity ?></td>
      </tr><?cs
    /each ?>
    </tbody>
  </table>
  </div><?cs
  else ?>
  <p class="muted"><?cs var:Lang.Sales.no_events ?></p><?cs
  /if ?>
</section><?cs
/if ?>

<div class="sales-charts"><?cs
each:c = Sales.Charts ?>
<section class="panel sales-chart" id="chart-<?cs var:c.Id ?>" aria-labelledby="<?cs var:c.Id ?>-heading">
  <h2 id="<?cs var:c.Id ?>-heading"><?cs var:c.Title ?></h2><?cs
  if:subcount(c.Rows) > 0 ?>
  <div class="chart-wrap"><?cs uvar:c.Svg ?></div>
  <div class="table-wrap">
  <table class="table sales-table" data-chart="<?cs var:c.Id ?>">
    <caption class="visually-hidden"><?cs var:c.Title ?>. <?cs var:c.Desc ?></caption>
    <thead><tr>
      <th scope="col"><?cs var:Lang.Sales.Col[c.Kind] ?></th>
      <th scope="col"><?cs var:Lang.Sales.col_tickets ?></th><?cs
      if:c.Kind != "checkins" ?>
      <th scope="col"><?cs var:Lang.Sales.revenue ?></th><?cs
      /if ?>
    </tr></thead>
    <tbody><?cs
    each:row = c.Rows ?>
      <tr><th scope="row"><?cs var:row.label ?></th><td><?cs var:row.n ?></td><?cs
      if:c.Kind != "checkins" ?><td><?cs var:row.amount ?></td><?cs /if ?></tr><?cs
    /each ?>
    </tbody>
  </table>
  </div><?cs
  else ?>
  <p class="muted"><?cs var:Lang.Sales.empty ?></p><?cs
  /if ?>
</section><?cs
/each ?>
</div>
<?cs include:"layout_foot.cs" ?>
