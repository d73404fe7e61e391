<?cs include:"layout_head.cs" ?>
<p class="back"><a href="/"><span aria-hidden="true">←</span> <?cs var:Lang.Event.back ?></a></p>
<article class="event<?cs if:Event.Availability == "cancelled" ?> event-cancelled<?cs /if ?>" aria-labelledby="event-heading">
  <header class="event-head">
    <p class="event-date"><time datetime="<?cs var:Event.StartsISO ?>"><?cs if:Event.Weekday ?><?cs var:Event.Weekday ?>, <?cs /if ?><?cs var:Event.StartsLocal ?></time></p>
    <h1 id="event-heading"><?cs var:Event.Name ?></h1>
    <?cs call:availability(Event) ?><?cs
    if:Event.Staff ?>
    <p class="staff-links"><a class="btn" href="/organiser/events/<?cs var:url_escape(Event.Id) ?>/checkin"><?cs var:Lang.Door.event_link ?></a><?cs
      if:Event.Staff == "manage" ?> <a class="btn" href="/organiser/events/<?cs var:url_escape(Event.Id) ?>/sales"><?cs var:Lang.Sales.link ?></a><?cs /if ?></p><?cs
    /if ?>
  </header><?cs
  if:Event.Image ?>
  <figure class="event-image"><img src="/uploads/events/<?cs var:url_escape(Event.Image) ?>" alt="<?cs var:Event.Name ?>"></figure><?cs
  else ?>
  <div class="event-image event-image-none" aria-hidden="true"></div><?cs
  /if ?>

  <div class="event-layout">
    <div class="event-main">
      <dl class="facts">
        <div>
          <dt><?cs var:Lang.Event.when ?></dt>
          <dd><time datetime="<?cs var:Event.StartsISO ?>"><?cs if:Event.Weekday ?><?cs var:Event.Weekday ?>, <?cs /if ?><?cs var:Event.StartsLocal ?></time></dd>
        </div><?cs
        if:Event.DurationMinutes ?>
        <div>
          <dt><?cs var:Lang.Event.duration ?></dt>
          <dd><?cs call:duration(Event.DurationMinutes) ?></dd>
        </div><?cs
        /if ?>
        <div>
          <dt><?cs var:Lang.Event.venue ?></dt>
          <dd>
            <span class="venue-name"><?cs var:Event.VenueName ?></span><?cs
            if:Event.VenueAddress && Event.VenueAddress != Event.VenueName ?>
            <span class="venue-address"><?cs var:Event.VenueAddress ?></span><?cs
            /if ?><?cs
            if:Event.MapURL ?>
            <a class="map-link" href="<?cs var:Event.MapURL ?>" rel="noopener noreferrer"><?cs var:Lang.Event.map ?></a><?cs
            /if ?>
          </dd>
        </div><?cs
        if:Event.PriceFrom || Event.Free ?>
        <div>
          <dt><?cs var:Lang.Event.price ?></dt>
          <dd><?cs call:price_from(Event) ?></dd>
        </div><?cs
        /if ?>
      </dl><?cs
      # issue 6: .ics and Google Calendar links (calendar.c) ?><?cs
      include:"add_to_calendar.cs" ?><?cs call:add_to_calendar(Event.GoogleURL, Event.IcsURL) ?>
    </div>

    <aside class="buy" aria-labelledby="buy-heading">
      <h2 id="buy-heading"><?cs var:Lang.Event.tickets ?></h2><?cs
      if:Event.PriceFrom || Event.Free ?>
      <p class="buy-price"><?cs call:price_from(Event) ?></p><?cs
      /if ?><?cs
      if:Event.Availability == "cancelled" ?>
      <p class="buy-closed"><?cs var:Lang.Event.cancelled_note ?></p><?cs
      elif:Event.Availability == "full" && Event.SaleError != "event_closed" && Event.SaleError != "event_cancelled" ?>
      <div class="buy-area buy-full" id="buy">
        <p class="buy-closed"><?cs var:Lang.Event.full_note ?></p><?cs
        if:Event.OnWaitlist ?>
        <p class="buy-waiting"><?cs var:Lang.Shop.waitlist_on ?></p><?cs
        elif:User.Id && User.Verified != "1" ?>
        <p class="buy-note"><?cs var:Lang.Shop.needs_verified ?></p><?cs
        elif:User.Id ?>
        <form method="post" action="/events/<?cs var:url_escape(Event.Id) ?>/waitlist" class="form">
          <?cs call:csrf() ?>
          <p class="hint" id="waitlist-hint"><?cs var:Lang.Shop.waitlist_hint ?></p>
          <div class="form-actions">
            <button type="submit" class="btn btn-primary btn-wide" aria-describedby="waitlist-hint"><?cs var:Lang.Shop.waitlist_join ?></button>
          </div>
        </form><?cs
        else ?>
        <p><a class="btn btn-wide" href="/login?next=<?cs var:url_escape("/events/" + Event.Id) ?>"><?cs var:Lang.Shop.waitlist_sign_in ?></a></p><?cs
        /if ?>
      </div><?cs
      elif:Event.OnSale == "1" ?>
      <div class="buy-area" id="buy"><?cs
        # an unconfirmed address buys too: the tickets go to it (issue 13) ?><?cs
          if:Errors.hold ?>
        <div class="alert alert-error" id="hold-err" role="alert"><p><?cs var:Errors.hold ?></p></div><?cs
          /if ?><?cs
          if:Event.Prices.0.Price ?>
        <ul class="price-list" aria-label="<?cs var:Lang.Shop.prices ?>"><?cs
          each:p = Event.Prices ?>
          <li><span class="price-cat"><?cs if:p.Category == "GA" ?><?cs var:Lang.Shop.general_admission ?><?cs elif:p.Name ?><?cs var:p.Name ?><?cs else ?><?cs var:Lang.Shop.category ?> <?cs var:p.Category ?><?cs /if ?></span> <span class="price-val nowrap"><?cs var:p.Price ?> <?cs call:currency(Event.Currency) ?></span></li><?cs
          /each ?>
        </ul><?cs
          /if ?><?cs
          if:Event.Seated == "1" ?>
        <p><a class="btn btn-primary btn-wide" href="/events/<?cs var:url_escape(Event.Id) ?>/seats"
          data-seatmap="/api/events/<?cs var:url_escape(Event.Id) ?>/seats/"
          data-hold="/events/<?cs var:url_escape(Event.Id) ?>/hold"
          data-max="<?cs var:Event.MaxPerPerson ?>"
          data-currency="<?cs call:currency(Event.Currency) ?>"
          data-title="<?cs var:Event.Name ?>"<?cs
          if:Errors.hold ?> aria-describedby="hold-err"<?cs /if ?>><?cs var:Lang.Shop.choose_seats ?></a></p><?cs
          else ?>
        <form method="post" action="/events/<?cs var:url_escape(Event.Id) ?>/hold" class="form buy-form">
          <?cs call:csrf() ?>
          <div class="field">
            <label for="quantity"><?cs var:Lang.Shop.quantity ?></label>
            <select id="quantity" name="quantity" aria-describedby="quantity-hint<?cs if:Errors.hold ?> hold-err<?cs /if ?>"<?cs if:Errors.hold ?> aria-invalid="true"<?cs /if ?>><?cs
            loop:i = 1, #Event.MaxPerPerson, 1 ?>
              <option<?cs if:(Form.quantity && #Form.quantity == i) || (!Form.quantity && i == 1) ?> selected<?cs /if ?>><?cs var:i ?></option><?cs
            /loop ?>
            </select>
          </div>
          <button type="submit" class="btn btn-primary btn-wide"><?cs var:Lang.Shop.add_to_cart ?></button>
        </form><?cs
          /if ?><?cs
          if:Event.MaxPerPerson ?>
        <p class="hint" id="quantity-hint"><?cs var:Lang.Shop.per_person ?> <?cs var:Event.MaxPerPerson ?></p><?cs
          /if ?><?cs
          if:!User.Id ?>
        <p class="hint"><?cs var:Lang.Shop.guest_hint ?> <a href="/login?next=<?cs var:url_escape("/events/" + Event.Id) ?>"><?cs var:Lang.Shop.sign_in ?></a></p><?cs
          /if ?>
      </div><?cs
      elif:Event.SaleError ?>
      <p class="buy-closed"><?cs if:Lang.Err[Event.SaleError] ?><?cs var:Lang.Err[Event.SaleError] ?><?cs else ?><?cs var:Lang.Event.tickets_soon ?><?cs /if ?></p><?cs
      else ?>
      <p class="buy-closed"><?cs var:Lang.Event.tickets_soon ?></p><?cs
      /if ?>
    </aside><?cs
    if:Event.Description ?>
    <section class="event-about" aria-labelledby="about-heading">
      <h2 id="about-heading"><?cs var:Lang.Event.about ?></h2>
      <p class="prose"><?cs var:Event.Description ?></p>
    </section><?cs
    /if ?>
  </div><?cs
  # Phones (issue 13): the buy button stays in view at the bottom while the page scrolls (CSS sticky,
  # the article is its containing block); it opens the seat map or goes to the buy box. Hidden on wide
  # screens, where the buy box itself stays in view. ?><?cs
  if:Event.OnSale == "1" && Event.Availability != "full" && Event.Availability != "cancelled" ?>
  <div class="buy-bar"><?cs
    if:Event.Seated == "1" ?>
    <a class="btn btn-primary btn-wide" href="/events/<?cs var:url_escape(Event.Id) ?>/seats"
      data-seatmap="/api/events/<?cs var:url_escape(Event.Id) ?>/seats/"
      data-hold="/events/<?cs var:url_escape(Event.Id) ?>/hold"
      data-max="<?cs var:Event.MaxPerPerson ?>"
      data-currency="<?cs call:currency(Event.Currency) ?>"
      data-title="<?cs var:Event.Name ?>"><?cs var:Lang.Shop.choose_seats ?><?cs if:Event.PriceFrom || Event.Free ?> · <?cs call:price_from(Event) ?><?cs /if ?></a><?cs
    else ?>
    <a class="btn btn-primary btn-wide" href="#buy"><?cs var:Lang.Event.buy_bar ?><?cs if:Event.PriceFrom || Event.Free ?> · <?cs call:price_from(Event) ?><?cs /if ?></a><?cs
    /if ?>
  </div><?cs
  /if ?>
</article><?cs
# Event.JsonLd: a schema.org Event built in C (pages/events.c event_share_fill)
# with <, > and & escaped as \u003c etc., so nothing in it can close the element;
# it is the one value printed with uvar: here (allow-listed as a raw value). ?><?cs
if:Event.JsonLd ?>
<script type="application/ld+json"><?cs uvar:Event.JsonLd ?></script><?cs
/if ?>
<?cs if:Event.Seated == "1" && Event.OnSale == "1" ?><?cs include:"seatmap_dialog.cs" ?><?cs /if ?>
<?cs include:"layout_foot.cs" ?>
