<?cs include:"layout_head.cs" ?><?cs
# One seat of a venue's hall plan: edit its place, labels and category, or delete it. ?>
<h1 class="page-title"><?cs var:Seat.Title ?></h1>
<?cs include:"organiser_nav.cs" ?>
<p class="back"><a href="/organiser/venues/<?cs var:url_escape(Venue.Id) ?>#plan"><span aria-hidden="true">←</span> <?cs var:Venue.Name ?></a></p>
<?cs call:form_error() ?><?cs
if:Plan.Locked ?>
<div class="alert alert-info" role="note"><p><?cs var:Plan.LockedText ?></p></div><?cs
/if ?>
<div class="venue-grid venue-grid-seat">
  <section class="panel" aria-labelledby="seat-heading">
    <h2 id="seat-heading"><?cs var:Lang.Venue.seat_heading ?></h2>
    <form method="post" action="/organiser/venues/<?cs var:url_escape(Venue.Id) ?>/seats/<?cs var:url_escape(Seat.Id) ?>" class="form">
      <?cs call:csrf() ?>
      <fieldset class="plain"<?cs if:Plan.Locked ?> disabled<?cs /if ?>>
        <legend class="visually-hidden"><?cs var:Seat.Title ?></legend>
        <div class="field">
          <label for="section_id"><?cs var:Lang.Venue.section ?></label>
          <select id="section_id" name="section_id"<?cs call:described("section_id", "section_id", "") ?>><?cs
          each:s = Sections ?>
            <option value="<?cs var:s.Id ?>"<?cs if:Form.section_id == s.Id ?> selected<?cs /if ?>><?cs var:s.Name ?></option><?cs
          /each ?>
          </select>
          <?cs call:field_error("section_id", "section_id") ?>
        </div>
        <div class="field-row">
          <div class="field">
            <label for="row"><?cs var:Lang.Venue.row ?></label>
            <input type="text" id="row" name="row" value="<?cs var:Form.row ?>" required maxlength="10" autocomplete="off"<?cs call:described("row", "row", "") ?>>
            <?cs call:field_error("row", "row") ?>
          </div>
          <div class="field">
            <label for="seat"><?cs var:Lang.Venue.seat ?></label>
            <input type="text" id="seat" name="seat" value="<?cs var:Form.seat ?>" required maxlength="10" autocomplete="off"<?cs call:described("seat", "seat", "") ?>>
            <?cs call:field_error("seat", "seat") ?>
          </div>
        </div>
        <div class="field">
          <label for="category"><?cs var:Lang.Venue.category ?></label>
          <input type="text" id="category" name="category" value="<?cs var:Form.category ?>" required maxlength="20" autocomplete="off"<?cs call:described("category", "category", "category-hint") ?>>
          <p class="hint" id="category-hint"><?cs var:Lang.Venue.category_hint ?></p>
          <?cs call:field_error("category", "category") ?>
        </div>
        <div class="field-row">
          <div class="field">
            <label for="x"><?cs var:Lang.Venue.x ?></label>
            <input type="number" id="x" name="x" value="<?cs var:Form.x ?>" required min="0" max="100000" step="1" inputmode="numeric"<?cs call:described("x", "x", "xy-hint") ?>>
            <?cs call:field_error("x", "x") ?>
          </div>
          <div class="field">
            <label for="y"><?cs var:Lang.Venue.y ?></label>
            <input type="number" id="y" name="y" value="<?cs var:Form.y ?>" required min="0" max="100000" step="1" inputmode="numeric"<?cs call:described("y", "y", "xy-hint") ?>>
            <?cs call:field_error("y", "y") ?>
          </div>
        </div>
        <p class="hint" id="xy-hint"><?cs var:Lang.Venue.xy_hint ?></p>
        <div class="form-actions">
          <button type="submit" class="btn btn-primary"><?cs var:Lang.Venue.seat_save ?></button>
        </div>
      </fieldset>
    </form>
  </section>
  <div class="venue-seat-side"><?cs
  if:Plan.Svg ?>
  <section class="panel" aria-labelledby="seat-where-heading">
    <h2 id="seat-where-heading"><?cs var:Lang.Venue.seat_where ?></h2>
    <figure class="hallplan hallplan-small"><div class="hallplan-scroll"><?cs uvar:Plan.Svg ?></div></figure><?cs
    # Plan.Svg: built and escaped in C by hp_svg, like on the venue page. ?>
  </section><?cs
  /if ?><?cs
  if:!Plan.Locked ?>
  <section class="panel panel-danger" aria-labelledby="seat-delete-heading">
    <h2 id="seat-delete-heading"><?cs var:Lang.Venue.seat_delete_heading ?></h2>
    <p><?cs var:Lang.Venue.seat_delete_text ?></p>
    <form method="post" action="/organiser/venues/<?cs var:url_escape(Venue.Id) ?>/seats/<?cs var:url_escape(Seat.Id) ?>/delete" class="form" data-confirm="<?cs var:Lang.Venue.seat_delete_confirm ?>">
      <?cs call:csrf() ?>
      <div class="form-actions">
        <button type="submit" class="btn btn-danger"><?cs var:Lang.Venue.seat_delete ?></button>
      </div>
    </form>
  </section><?cs
  /if ?>
  </div>
</div>
<?cs include:"layout_foot.cs" ?>
