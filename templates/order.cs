<?cs include:"layout_head.cs" ?><?cs
# GET /cart/done?order=N&order=M…: every order a checkout of the cart made (one per event), their
# tickets, where they were mailed, and (Missed) the events that could not be bought. ?>
<div class="order-done">
  <h1 class="page-title"><?cs var:Lang.Shop.order_heading ?></h1>
<?cs if:Order.Email && !Order.Pending ?>
  <div class="alert alert-success"><p><?cs var:Lang.Shop.order_mailed ?> <strong><?cs var:Order.Email ?></strong></p></div><?cs
  /if ?><?cs
  if:Missed.0.EventId || Missed.1.EventId ?>
  <div class="alert alert-error" role="alert">
    <h2 class="error-summary-title"><?cs var:Lang.Shop.order_missed ?></h2>
    <ul><?cs
    each:m = Missed ?>
      <li><a href="/events/<?cs var:url_escape(m.EventId) ?>"><?cs var:m.EventName ?></a>: <?cs var:m.Why ?></li><?cs
    /each ?>
    </ul>
    <p><?cs var:Lang.Shop.order_missed_hint ?> <a href="/cart"><?cs var:Lang.Shop.to_cart ?></a></p>
  </div><?cs
  /if ?><?cs
  each:o = Orders ?>
  <section class="panel order-block" aria-labelledby="order-event-<?cs var:o.Id ?>">
    <h2 id="order-event-<?cs var:o.Id ?>"><?cs var:o.EventName ?></h2>
    <dl class="facts facts-compact">
      <div>
        <dt><?cs var:Lang.Event.when ?></dt>
        <dd><?cs var:o.StartsLocal ?></dd>
      </div>
      <div>
        <dt><?cs var:Lang.Shop.order_number ?></dt>
        <dd><?cs var:o.Id ?></dd>
      </div>
      <div>
        <dt><?cs var:Lang.Shop.total ?></dt>
        <dd class="nowrap"><?cs var:o.Total ?> <?cs call:currency(o.Currency) ?></dd>
      </div><?cs
    if:o.Status ?>
      <div>
        <dt><?cs var:Lang.Pay.status ?></dt>
        <dd class="order-status" data-status="<?cs var:o.Status ?>"><?cs var:Lang.Pay["status_" + o.Status] ?></dd>
      </div><?cs
    /if ?><?cs
    if:o.PayRef ?>
      <div>
        <dt><?cs var:Lang.Pay.reference ?></dt>
        <dd class="nowrap"><?cs var:o.PayRef ?></dd>
      </div><?cs
    /if ?><?cs
    if:o.Refunded ?>
      <div>
        <dt><?cs var:Lang.Pay.refunded ?></dt>
        <dd class="nowrap"><?cs var:o.Refunded ?> <?cs call:currency(o.Currency) ?></dd>
      </div><?cs
    /if ?>
    </dl><?cs
    if:o.Status == "pending_payment" ?>
    <div class="pay-box" role="status" aria-live="polite"><?cs
      if:o.PayError ?>
      <div class="alert alert-error"><p><?cs var:Lang.Err.payment_unavailable ?></p></div><?cs
      /if ?><?cs
      if:o.Waiting ?>
      <p class="pay-waiting"><?cs var:Lang.Pay.waiting ?> <a href="<?cs var:o.ReloadLink ?>"><?cs var:Lang.Pay.reload ?></a></p><?cs
      /if ?>
      <p><?cs var:Lang.Pay.held_until ?> <strong><?cs var:o.HeldUntil ?></strong></p>
      <form method="post" action="<?cs var:o.PayAction ?>">
        <?cs call:csrf() ?>
        <button class="btn btn-primary" type="submit"><?cs var:Lang.Pay.pay ?></button>
      </form>
    </div><?cs
    elif:o.Status == "expired" ?>
    <div class="alert alert-error"><p><?cs var:Lang.Pay.expired ?></p></div><?cs
    /if ?>
    <h3><?cs var:Lang.Shop.order_tickets ?></h3>
    <ul class="order-tickets"><?cs
    each:t = o.Tickets ?>
      <li>
        <a class="order-ticket" href="<?cs var:t.Link ?>">
          <span class="ticket-code-small"><?cs var:t.Code ?></span>
          <span class="order-seat"><?cs if:t.Seat ?><?cs var:t.Seat ?><?cs else ?><?cs var:Lang.Shop.general_admission ?><?cs /if ?></span>
          <span class="order-open"><?cs var:Lang.Shop.open_ticket ?> <span aria-hidden="true">→</span></span>
        </a>
      </li><?cs
    /each ?>
    </ul>
  </section><?cs
  /each ?>
  <p class="form-actions"><?cs
  if:User.Id ?>
    <a class="btn" href="/account/tickets"><?cs var:Lang.Nav.tickets ?></a><?cs
  else ?>
    <a class="btn" href="/tickets/mine"><?cs var:Lang.Nav.tickets ?></a><?cs
  /if ?>
    <a class="btn btn-quiet" href="/"><?cs var:Lang.Shop.to_events ?></a>
  </p>
  <p class="hint"><a href="/tickets/find"><?cs var:Lang.Shop.order_find_tickets ?></a></p>
</div>
<?cs include:"layout_foot.cs" ?>
