<?cs include:"layout_head.cs" ?><?cs
# GET /events/{id}/seats: the seat list as a plain form, for browsers without JavaScript and as the
# seat-map modal's fallback. One checkbox per seat, grouped by section and row; seats held or sold
# by others are shown disabled, the visitor's own held seats are ticked. Seat colours: the cat-N
# class C gives each seat and category (first-seen order, as seatmap.js numbers them). ?>
<p class="back"><a href="/events/<?cs var:url_escape(Event.Id) ?>"><span aria-hidden="true">←</span> <?cs var:Event.Name ?></a></p>
<h1 class="page-title"><?cs var:Lang.Shop.seats_heading ?></h1>
<p class="lead"><?cs var:Event.Name ?> · <?cs if:Event.StartsISO ?><time datetime="<?cs var:Event.StartsISO ?>"><?cs var:Event.StartsLocal ?></time><?cs else ?><?cs var:Event.StartsLocal ?><?cs /if ?><?cs
  if:Event.VenueName ?> · <?cs var:Event.VenueName ?><?cs /if ?></p><?cs
if:Errors.hold ?>
<div class="alert alert-error" id="hold-err" role="alert"><p><?cs var:Errors.hold ?></p></div><?cs
/if ?><?cs
if:Event.OnSale != "1" ?>
<div class="alert alert-info"><p><?cs if:Lang.Err[Event.SaleError] ?><?cs var:Lang.Err[Event.SaleError] ?><?cs else ?><?cs var:Lang.Err.sales_closed ?><?cs /if ?></p></div><?cs
else ?>
<form method="post" action="/events/<?cs var:url_escape(Event.Id) ?>/hold" class="form seat-form"<?cs if:Errors.hold ?> aria-describedby="hold-err"<?cs /if ?>>
  <?cs call:csrf() ?>
  <div class="seat-intro">
    <ul class="plan-legend seat-legend" aria-label="<?cs var:Lang.Shop.legend ?>"><?cs
    each:c = Categories ?>
      <li><span class="seat-swatch <?cs var:c.Class ?>" aria-hidden="true"></span><span><?cs if:c.Label ?><strong><?cs var:c.Label ?></strong><?cs else ?><?cs var:Lang.Shop.category ?> <strong><?cs var:c.Name ?></strong><?cs /if ?> — <span class="nowrap"><?cs var:c.Price ?> <?cs call:currency(Event.Currency) ?></span></span></li><?cs
    /each ?>
      <li><span class="seat-swatch seat-swatch-off" aria-hidden="true"></span><span><?cs var:Lang.Shop.map_legend_taken ?></span></li>
    </ul><?cs
    if:Event.MaxPerPerson ?>
    <p class="hint"><?cs var:Lang.Shop.per_person ?> <?cs var:Event.MaxPerPerson ?></p><?cs
    /if ?>
  </div><?cs
  each:sec = Sections ?>
  <fieldset class="seat-section">
    <legend><?cs var:sec.Name ?></legend><?cs
    each:row = sec.Rows ?>
    <fieldset class="seat-row">
      <legend><span class="visually-hidden"><?cs var:sec.Name ?>, </span><?cs var:Lang.Shop.row ?> <?cs var:row.Label ?></legend>
      <ul class="seat-list"><?cs
      each:s = row.Seats ?><?cs
        set:open = s.Status == "available" || s.Mine == "1" ?>
        <li><input type="checkbox" class="seat-check" id="seat-<?cs var:s.Id ?>" name="seat" value="<?cs var:s.Id ?>"<?cs
          if:s.Mine == "1" ?> checked<?cs /if ?><?cs if:!open ?> disabled<?cs /if ?>><label for="seat-<?cs var:s.Id ?>" class="seat-box <?cs var:s.Class ?>"><span class="visually-hidden"><?cs var:Lang.Shop.seat ?> </span><?cs var:s.Label ?><span class="visually-hidden">, <?cs var:Lang.Shop.category ?> <?cs var:s.Category ?>, <?cs var:s.Price ?> <?cs call:currency(Event.Currency) ?><?cs
          if:!open ?>, <?cs var:Lang.Shop.map_taken ?><?cs /if ?></span></label></li><?cs
      /each ?>
      </ul>
    </fieldset><?cs
    /each ?>
  </fieldset><?cs
  /each ?>
  <div class="seat-submit">
    <button type="submit" class="btn btn-primary"><?cs var:Lang.Shop.add_chosen ?></button>
  </div>
</form><?cs
/if ?>
<?cs include:"layout_foot.cs" ?>
