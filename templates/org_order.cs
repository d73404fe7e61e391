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
<section class="panel" aria-labelledby="payments-heading">
  <h2 id="payments-heading"><?cs var:Lang.Pay.history ?></h2><?cs
  if:subcount(Payments) > 0 ?>
  <div class="table-wrap">
  <table class="payments">
    <thead><tr>
      <th scope="col"><?cs var:Lang.Pay.when ?></th>
      <th scope="col"><?cs var:Lang.Pay.kind_charge ?> / <?cs var:Lang.Pay.kind_refund ?></th>
      <th scope="col"><?cs var:Lang.Pay.amount ?></th>
      <th scope="col"><?cs var:Lang.Pay.provider ?></th>
      <th scope="col"><?cs var:Lang.Pay.reference ?></th>
      <th scope="col"><?cs var:Lang.Pay.status ?></th>
    </tr></thead>
    <tbody><?cs
    each:p = Payments ?>
      <tr class="payment-<?cs var:p.Kind ?>">
        <td><?cs var:p.When ?></td>
        <td><?cs var:Lang.Pay["kind_" + p.Kind] ?></td>
        <td class="nowrap"><?cs var:p.Amount ?> <?cs call:currency(p.Currency) ?></td>
        <td><?cs var:p.Provider ?></td>
        <td><code><?cs var:p.Ref ?></code></td>
        <td><?cs var:Lang.Pay["state_" + p.State] ?><?cs if:p.Note ?> <span class="muted">(<?cs var:p.Note ?>)</span><?cs /if ?></td>
      </tr><?cs
    /each ?>
    </tbody>
  </table>
  </div><?cs
  else ?>
  <p class="muted"><?cs var:Lang.Pay.none ?></p><?cs
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
