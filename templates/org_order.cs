<?cs include:"layout_head.cs" ?><?cs
# One order of the event: the buyer, its tickets; cancel a ticket or the whole
# order for the buyer (they are mailed), resend the tickets. ?>
<h1 class="page-title"><?cs var:Lang.Day.order_heading ?> <?cs var:Order.Id ?></h1>
<?cs include:"organiser_nav.cs" ?>
<p class="back"><a href="/organiser/events/<?cs var:url_escape(Event.Id) ?>/orders"><span aria-hidden="true">←</span> <?cs var:Lang.Day.orders_heading ?>: <?cs var:Event.Name ?></a></p>
<section class="panel" aria-labelledby="buyer-heading">
  <h2 id="buyer-heading"><?cs var:Order.Name ?></h2>
  <dl class="facts facts-compact">
    <div><dt><?cs var:Lang.Day.col_email ?></dt><dd><?cs var:Order.Email ?></dd></div><?cs
    if:Order.Phone ?>
    <div><dt><?cs var:Lang.Day.col_phone ?></dt><dd><?cs var:Order.Phone ?></dd></div><?cs
    /if ?>
    <div><dt><?cs var:Lang.Day.col_date ?></dt><dd><?cs var:Order.Created ?></dd></div>
    <div><dt><?cs var:Lang.Day.col_total ?></dt><dd><span class="nowrap"><?cs var:Order.Total ?> <?cs call:currency(Order.Currency) ?></span></dd></div>
    <div><dt><?cs var:Lang.Day.col_status ?></dt><dd><?cs var:Lang.Day.OrderSt[Order.Status] ?></dd></div>
  </dl><?cs
  if:Order.AnyValid ?>
  <div class="org-actions">
    <form method="post" action="/organiser/events/<?cs var:url_escape(Event.Id) ?>/orders/<?cs var:url_escape(Order.Id) ?>/resend" class="inline-form">
      <?cs call:csrf() ?>
      <button type="submit" class="btn"><?cs var:Lang.Day.resend ?></button>
    </form>
    <form method="post" action="/organiser/events/<?cs var:url_escape(Event.Id) ?>/orders/<?cs var:url_escape(Order.Id) ?>/cancel" class="inline-form" data-confirm="<?cs var:Lang.Day.cancel_order_confirm ?>">
      <?cs call:csrf() ?>
      <button type="submit" class="btn btn-danger-quiet"><?cs var:Lang.Day.cancel_order ?></button>
    </form>
  </div>
  <p class="hint"><?cs var:Lang.Day.cancel_hint ?></p><?cs
  /if ?>
</section>
<section aria-labelledby="tickets-heading">
  <h2 id="tickets-heading"><?cs var:Lang.Day.tickets ?></h2>
  <ul class="order-tickets"><?cs
  each:t = Tickets ?>
    <li class="panel">
      <code class="code"><?cs var:t.CodeShown ?></code>
      <span><?cs if:t.Section ?><?cs var:t.Section ?> <?cs var:t.Row ?>-<?cs var:t.Seat ?> · <?cs /if ?><?cs var:Lang.Venue.category ?> <?cs var:t.Category ?> · <span class="nowrap"><?cs var:t.Price ?> <?cs call:currency(Order.Currency) ?></span></span>
      <span class="badge badge-<?cs var:t.Status ?>"><?cs var:Lang.Day.St[t.Status] ?></span><?cs
      if:t.CheckedIn ?> <span class="muted"><?cs var:Lang.Day.col_checked_in ?> <?cs var:t.CheckedIn ?></span><?cs /if ?><?cs
      if:t.Status == "valid" ?>
      <form method="post" action="/organiser/events/<?cs var:url_escape(Event.Id) ?>/orders/<?cs var:url_escape(Order.Id) ?>/cancel" class="inline-form" data-confirm="<?cs var:Lang.Day.cancel_ticket_confirm ?>">
        <?cs call:csrf() ?>
        <input type="hidden" name="code" value="<?cs var:t.Code ?>">
        <button type="submit" class="btn btn-small btn-danger-quiet"><?cs var:Lang.Day.cancel_ticket ?><span class="visually-hidden"> <?cs var:t.CodeShown ?></span></button>
      </form><?cs
      /if ?>
    </li><?cs
  /each ?>
  </ul>
</section>
<?cs include:"layout_foot.cs" ?>
