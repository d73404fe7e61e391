<?cs include:"layout_head.cs" ?>
<p class="back"><a href="/"><span aria-hidden="true">←</span> <?cs var:Lang.Event.back ?></a></p>
<article class="event<?cs if:Event.Availability == "cancelled" ?> event-cancelled<?cs /if ?>" aria-labelledby="event-heading">
  <header class="event-head">
    <p class="event-date"><time datetime="<?cs var:Event.StartsISO ?>"><?cs var:Event.StartsLocal ?></time></p>
    <h1 id="event-heading"><?cs var:Event.Name ?></h1>
    <?cs call:availability(Event) ?>
  </header><?cs
  if:Event.Image ?>
  <figure class="event-image"><img src="/uploads/events/<?cs var:url_escape(Event.Image) ?>" alt="<?cs var:Event.Name ?>"></figure><?cs
  /if ?>

  <div class="event-layout">
    <div class="event-main">
      <dl class="facts">
        <div>
          <dt><?cs var:Lang.Event.when ?></dt>
          <dd><time datetime="<?cs var:Event.StartsISO ?>"><?cs var:Event.StartsLocal ?></time></dd>
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
            if:Event.VenueAddress ?>
            <span class="venue-address"><?cs var:Event.VenueAddress ?></span><?cs
            /if ?><?cs
            if:Event.MapURL ?>
            <a class="map-link" href="<?cs var:Event.MapURL ?>" rel="noopener noreferrer"><?cs var:Lang.Event.map ?></a><?cs
            /if ?>
          </dd>
        </div><?cs
        if:Event.PriceFrom ?>
        <div>
          <dt><?cs var:Lang.Event.price ?></dt>
          <dd><?cs call:price_from(Event) ?></dd>
        </div><?cs
        /if ?>
      </dl>
    </div>

    <aside class="buy" aria-labelledby="buy-heading">
      <h2 id="buy-heading"><?cs var:Lang.Event.tickets ?></h2><?cs
      if:Event.PriceFrom ?>
      <p class="buy-price"><?cs call:price_from(Event) ?></p><?cs
      /if ?><?cs
      if:Event.Availability == "available" || Event.Availability == "last" ?>
      <div class="buy-area" id="buy">
        <p><?cs var:Lang.Event.tickets_soon ?></p>
      </div><?cs
      elif:Event.Availability == "full" ?>
      <p class="buy-closed"><?cs var:Lang.Event.full_note ?></p><?cs
      elif:Event.Availability == "cancelled" ?>
      <p class="buy-closed"><?cs var:Lang.Event.cancelled_note ?></p><?cs
      /if ?>
    </aside><?cs
    if:Event.Description ?>
    <section class="event-about" aria-labelledby="about-heading">
      <h2 id="about-heading"><?cs var:Lang.Event.about ?></h2>
      <p class="prose"><?cs var:Event.Description ?></p>
    </section><?cs
    /if ?>
  </div>
</article>
<?cs include:"layout_foot.cs" ?>
