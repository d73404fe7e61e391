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
      </div>
    </dl>
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
  </section>
</div>
<?cs include:"layout_foot.cs" ?>
