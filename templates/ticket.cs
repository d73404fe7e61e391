<?cs include:"layout_head.cs" ?><?cs
# GET /tickets/{code}: one ticket, printable (app.css's print rules hide the site's chrome and the
# actions). Ticket.QR is SVG markup built in C (qr.c) from the ticket code alone, no user data:
# it is the one value printed with uvar: here. ?>
<p class="back"><a href="<?cs if:User.Id ?>/account/tickets<?cs else ?>/tickets/mine<?cs /if ?>"><span aria-hidden="true">←</span> <?cs var:Lang.Nav.tickets ?></a></p><?cs
if:Ticket.Status == "cancelled" ?>
<div class="alert alert-error ticket-banner" role="note"><p><?cs var:Lang.Shop.ticket_cancelled ?></p></div><?cs
elif:Ticket.Status == "voided" ?>
<div class="alert alert-error ticket-banner" role="note"><p><?cs var:Lang.Shop.ticket_voided ?></p></div><?cs
elif:Ticket.Status == "used" ?>
<div class="alert alert-info ticket-banner" role="note"><p><?cs var:Lang.Shop.ticket_used ?><?cs if:Ticket.CheckedIn ?> <?cs var:Ticket.CheckedIn ?>.<?cs /if ?></p></div><?cs
/if ?>
<article class="ticket ticket-<?cs if:Ticket.Status ?><?cs var:Ticket.Status ?><?cs else ?>valid<?cs /if ?>" aria-labelledby="ticket-heading">
  <header class="ticket-head">
    <p class="event-date"><time datetime="<?cs var:Ticket.StartsISO ?>"><?cs var:Ticket.StartsLocal ?></time></p>
    <h1 id="ticket-heading"><a href="/events/<?cs var:url_escape(Ticket.EventId) ?>"><?cs var:Ticket.EventName ?></a></h1>
    <p class="ticket-kind"><?cs var:Lang.Shop.ticket_heading ?></p>
  </header>
  <div class="ticket-body"><?cs
    if:Ticket.Status == "valid" || Ticket.Status == "used" ?>
    <figure class="ticket-qr" role="img" aria-label="<?cs var:Lang.Shop.qr_label ?> <?cs var:Ticket.CodeGrouped ?>"><?cs
      # Built by C from the ticket code only: trusted markup. ?><?cs uvar:Ticket.QR ?></figure><?cs
    /if ?>
    <div class="ticket-info">
      <p class="ticket-code"><span class="ticket-code-label"><?cs var:Lang.Shop.code ?></span> <span class="ticket-code-value"><?cs var:Ticket.CodeGrouped ?></span></p>
      <dl class="facts facts-compact ticket-facts">
        <div>
          <dt><?cs var:Lang.Event.when ?></dt>
          <dd><time datetime="<?cs var:Ticket.StartsISO ?>"><?cs var:Ticket.StartsLocal ?></time></dd>
        </div>
        <div>
          <dt><?cs var:Lang.Event.venue ?></dt>
          <dd><span class="venue-name"><?cs var:Ticket.Venue ?></span><?cs
            if:Ticket.Address ?><span class="venue-address"><?cs var:Ticket.Address ?></span><?cs /if ?></dd>
        </div>
        <div>
          <dt><?cs var:Lang.Shop.seat_label ?></dt>
          <dd class="ticket-seat"><?cs if:Ticket.Seat ?><?cs var:Ticket.Seat ?><?cs else ?><?cs var:Lang.Shop.general_admission ?><?cs /if ?></dd>
        </div><?cs
        if:Ticket.Category ?>
        <div>
          <dt><?cs var:Lang.Shop.col_category ?></dt>
          <dd><?cs if:Ticket.CategoryName ?><?cs var:Ticket.CategoryName ?><?cs else ?><?cs var:Ticket.Category ?><?cs /if ?></dd>
        </div><?cs
        /if ?><?cs
        if:Ticket.Price ?>
        <div>
          <dt><?cs var:Lang.Shop.col_price ?></dt>
          <dd class="nowrap"><?cs var:Ticket.Price ?> <?cs call:currency(Ticket.Currency) ?></dd>
        </div><?cs
        /if ?>
        <div>
          <dt><?cs var:Lang.Shop.holder ?></dt>
          <dd><?cs var:Ticket.Holder ?></dd>
        </div>
      </dl>
    </div>
  </div>
</article>

<div class="ticket-actions">
  <button type="button" class="btn btn-primary" data-print hidden><?cs var:Lang.Shop.print ?></button><?cs
  if:Ticket.Status == "valid" ?>
  <a class="btn" href="/tickets/<?cs var:url_escape(Ticket.Code) ?>.ics"><?cs var:Lang.Shop.add_calendar ?></a><?cs
  /if ?><?cs
  # issue 6: Google Calendar's "new event" page, filled in (calendar.c) ?><?cs
  if:Ticket.GoogleURL ?>
  <a class="btn" href="<?cs var:Ticket.GoogleURL ?>" rel="noopener noreferrer" target="_blank"><?cs var:Lang.Cal.google ?><span class="visually-hidden"> (<?cs var:Lang.Cal.new_window ?>)</span></a><?cs
  /if ?><?cs
  if:Ticket.CanChangeSeat == "1" ?>
  <a class="btn" href="/tickets/<?cs var:url_escape(Ticket.Code) ?>/change-seat"
    data-seatmap="/api/events/<?cs var:url_escape(Ticket.EventId) ?>/seats/"
    data-mode="change"
    data-action="/tickets/<?cs var:url_escape(Ticket.Code) ?>/change-seat"
    data-category="<?cs var:Ticket.Category ?>"
    data-current="<?cs var:Ticket.SeatId ?>"
    data-currency="<?cs call:currency(Ticket.Currency) ?>"
    data-title="<?cs var:Ticket.EventName ?> · <?cs var:Ticket.Seat ?>"><?cs var:Lang.Shop.change_seat ?></a><?cs
  /if ?>
</div><?cs
if:Ticket.CanCancel == "1" ?>
<section class="panel panel-danger ticket-cancel" aria-labelledby="cancel-heading">
  <h2 id="cancel-heading"><?cs var:Lang.Shop.cancel_heading ?></h2>
  <p id="cancel-text"><?cs var:Lang.Shop.cancel_text ?></p>
  <form method="post" action="/tickets/<?cs var:url_escape(Ticket.Code) ?>/cancel" class="form" data-confirm="<?cs var:Lang.Shop.cancel_confirm ?>">
    <?cs call:csrf() ?>
    <div class="field field-check">
      <input type="checkbox" id="confirm" name="confirm" value="1" required<?cs call:described("confirm", "confirm", "cancel-text") ?>>
      <label for="confirm"><?cs var:Lang.Shop.cancel_check ?></label>
    </div>
    <?cs call:field_error("confirm", "confirm") ?>
    <div class="form-actions">
      <button type="submit" class="btn btn-danger"><?cs var:Lang.Shop.cancel_button ?></button>
    </div>
  </form>
</section><?cs
/if ?><?cs
if:Ticket.CanChangeSeat == "1" ?><?cs include:"seatmap_dialog.cs" ?><?cs /if ?>
<?cs include:"layout_foot.cs" ?>
