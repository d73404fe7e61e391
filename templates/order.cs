<?cs include:"layout_head.cs" ?><?cs
# GET /cart/done?order=N: the order just bought, its tickets, and where they were mailed. ?>
<div class="order-done">
  <h1 class="page-title"><?cs var:Lang.Shop.order_heading ?></h1>
<?cs if:Order.Email ?>
  <div class="alert alert-success"><p><?cs var:Lang.Shop.order_mailed ?> <strong><?cs var:Order.Email ?></strong></p></div><?cs
  /if ?>
  <section class="panel" aria-labelledby="order-event">
    <h2 id="order-event"><?cs var:Order.EventName ?></h2>
    <dl class="facts facts-compact">
      <div>
        <dt><?cs var:Lang.Event.when ?></dt>
        <dd><?cs var:Order.StartsLocal ?></dd>
      </div>
      <div>
        <dt><?cs var:Lang.Shop.order_number ?></dt>
        <dd><?cs var:Order.Id ?></dd>
      </div>
      <div>
        <dt><?cs var:Lang.Shop.total ?></dt>
        <dd class="nowrap"><?cs var:Order.Total ?> <?cs call:currency(Order.Currency) ?></dd>
      </div><?cs
    if:Order.Status ?>
      <div>
        <dt><?cs var:Lang.Pay.status ?></dt>
        <dd class="order-status" data-status="<?cs var:Order.Status ?>"><?cs var:Lang.Pay["status_" + Order.Status] ?></dd>
      </div><?cs
    /if ?><?cs
    if:Order.PayRef ?>
      <div>
        <dt><?cs var:Lang.Pay.reference ?></dt>
        <dd class="nowrap"><?cs var:Order.PayRef ?></dd>
      </div><?cs
    /if ?><?cs
    if:Order.Refunded ?>
      <div>
        <dt><?cs var:Lang.Pay.refunded ?></dt>
        <dd class="nowrap"><?cs var:Order.Refunded ?> <?cs call:currency(Order.Currency) ?></dd>
      </div><?cs
    /if ?>
    </dl><?cs
    if:Order.Status == "pending_payment" ?>
    <div class="pay-box" role="status" aria-live="polite"><?cs
      if:Order.PayError ?>
      <div class="alert alert-error"><p><?cs var:Lang.Err.payment_unavailable ?></p></div><?cs
      /if ?><?cs
      if:Order.Waiting ?>
      <p class="pay-waiting"><?cs var:Lang.Pay.waiting ?> <a href="<?cs var:Order.ReloadLink ?>"><?cs var:Lang.Pay.reload ?></a></p><?cs
      /if ?>
      <p><?cs var:Lang.Pay.held_until ?> <strong><?cs var:Order.HeldUntil ?></strong></p>
      <form method="post" action="<?cs var:Order.PayAction ?>">
        <?cs call:csrf() ?>
        <button class="btn btn-primary" type="submit"><?cs var:Lang.Pay.pay ?></button>
      </form>
    </div><?cs
    elif:Order.Status == "expired" ?>
    <div class="alert alert-error"><p><?cs var:Lang.Pay.expired ?></p></div><?cs
    /if ?>
    <h3><?cs var:Lang.Shop.order_tickets ?></h3>
    <ul class="order-tickets"><?cs
    each:t = Order.Tickets ?>
      <li>
        <a class="order-ticket" href="<?cs var:t.Link ?>">
          <span class="ticket-code-small"><?cs var:t.Code ?></span>
          <span class="order-seat"><?cs if:t.Seat ?><?cs var:t.Seat ?><?cs else ?><?cs var:Lang.Shop.general_admission ?><?cs /if ?></span>
          <span class="order-open"><?cs var:Lang.Shop.open_ticket ?> <span aria-hidden="true">→</span></span>
        </a>
      </li><?cs
    /each ?>
    </ul>
    <p class="form-actions"><?cs
    if:User.Id ?>
      <a class="btn" href="/account/tickets"><?cs var:Lang.Nav.tickets ?></a><?cs
    else ?>
      <a class="btn" href="/tickets/mine"><?cs var:Lang.Nav.tickets ?></a><?cs
    /if ?>
      <a class="btn btn-quiet" href="/"><?cs var:Lang.Shop.to_events ?></a>
    </p>
    <p class="hint"><a href="/tickets/find"><?cs var:Lang.Shop.order_find_tickets ?></a></p>
  </section>
</div>
<?cs include:"layout_foot.cs" ?>
