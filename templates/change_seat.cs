<?cs include:"layout_head.cs" ?><?cs
# GET /tickets/{code}/change-seat: the free seats of the ticket's price category as radio buttons
# (Seats.N.{Id, Label}). With JavaScript, "Show on the hall plan" opens the seat-map modal. ?>
<p class="back"><a href="/tickets/<?cs var:url_escape(Ticket.Code) ?>"><span aria-hidden="true">←</span> <?cs var:Lang.Shop.back_to_ticket ?></a></p>
<h1 class="page-title"><?cs var:Lang.Shop.change_seat_heading ?></h1>
<p class="lead"><?cs var:Ticket.EventName ?> · <time datetime="<?cs var:Ticket.StartsISO ?>"><?cs var:Ticket.StartsLocal ?></time></p>
<div class="form-page-wide">
  <dl class="facts facts-compact">
    <div>
      <dt><?cs var:Lang.Shop.seat_now ?></dt>
      <dd><?cs var:Ticket.Seat ?></dd>
    </div>
    <div>
      <dt><?cs var:Lang.Shop.col_category ?></dt>
      <dd><?cs var:Ticket.Category ?><?cs if:Ticket.Price ?> · <span class="nowrap"><?cs var:Ticket.Price ?> <?cs call:currency(Ticket.Currency) ?></span><?cs /if ?></dd>
    </div>
  </dl><?cs
  if:Errors.seat ?>
  <div class="alert alert-error" id="seat-err" role="alert"><p><?cs var:Errors.seat ?></p></div><?cs
  /if ?><?cs
  if:Seats.0.Id ?>
  <p><button type="button" class="btn" hidden
    data-seatmap="/api/events/<?cs var:url_escape(Ticket.EventId) ?>/seats/"
    data-mode="change"
    data-action="/tickets/<?cs var:url_escape(Ticket.Code) ?>/change-seat"
    data-category="<?cs var:Ticket.Category ?>"
    data-current="<?cs var:Ticket.SeatId ?>"
    data-currency="<?cs call:currency(Ticket.Currency) ?>"
    data-title="<?cs var:Ticket.EventName ?> · <?cs var:Ticket.Seat ?>"><?cs var:Lang.Shop.show_plan ?></button></p>
  <form method="post" action="/tickets/<?cs var:url_escape(Ticket.Code) ?>/change-seat" class="form">
    <?cs call:csrf() ?>
    <fieldset class="form-group"<?cs if:Errors.seat ?> aria-describedby="seat-err"<?cs /if ?>>
      <legend><?cs var:Lang.Shop.free_seats ?> <?cs var:Ticket.Category ?></legend>
      <ul class="seat-radios"><?cs
      each:s = Seats ?>
        <li class="radio"><input type="radio" id="seat-<?cs var:s.Id ?>" name="seat" value="<?cs var:s.Id ?>" required<?cs
          if:Form.seat == s.Id ?> checked<?cs /if ?>><label for="seat-<?cs var:s.Id ?>"><?cs var:s.Label ?></label></li><?cs
      /each ?>
      </ul>
    </fieldset>
    <div class="form-actions">
      <button type="submit" class="btn btn-primary"><?cs var:Lang.Shop.change_submit ?></button>
      <a class="btn btn-quiet" href="/tickets/<?cs var:url_escape(Ticket.Code) ?>"><?cs var:Lang.Shop.keep_seat ?></a>
    </div>
  </form><?cs
  else ?>
  <div class="empty">
    <p class="empty-title"><?cs var:Lang.Shop.no_free_seats ?></p>
    <p><a class="btn" href="/tickets/<?cs var:url_escape(Ticket.Code) ?>"><?cs var:Lang.Shop.back_to_ticket ?></a></p>
  </div><?cs
  /if ?>
</div><?cs
if:Seats.0.Id ?><?cs include:"seatmap_dialog.cs" ?><?cs /if ?>
<?cs include:"layout_foot.cs" ?>
