<?cs include:"layout_head.cs" ?><?cs
# One venue: its details, the hall plan drawn (Plan.Svg), the generator and CSV import/export.
# Plan.Svg is markup built and escaped in C (hallplan.c hp_svg); it is the only uvar: here. ?>
<h1 class="page-title"><?cs var:Venue.Name ?></h1>
<?cs include:"organiser_nav.cs" ?>
<p class="back"><a href="/organiser/venues"><span aria-hidden="true">←</span> <?cs var:Lang.Venue.back ?></a></p>
<?cs call:form_error() ?>
<p class="venue-meta">
  <span><?cs var:Venue.KindLabel ?></span>
  <span><?cs var:Venue.Address ?></span><?cs
  if:Venue.Status == "active" ?>
  <span class="badge badge-available"><?cs var:Lang.Venue.Status.active ?></span><?cs
  else ?>
  <span class="badge badge-cancelled"><?cs var:Lang.Venue.Status.inactive ?></span><?cs
  /if ?>
</p>

<div class="venue-grid venue-grid-page">
  <section class="panel venue-plan" id="plan" aria-labelledby="plan-heading">
    <h2 id="plan-heading"><?cs var:Lang.Venue.plan_heading ?></h2><?cs
    if:Venue.Seated == "1" ?><?cs
      if:Plan.Locked ?>
    <div class="alert alert-info plan-locked" role="note"><p><?cs var:Plan.LockedText ?></p></div><?cs
      /if ?><?cs
      if:#Plan.Seats > 0 ?>
    <p class="plan-summary"><?cs var:Lang.Venue.seats_count ?> <strong><?cs var:Plan.Seats ?></strong> · <?cs var:Lang.Venue.sections_count ?> <strong><?cs var:Plan.SectionCount ?></strong></p>
    <figure class="hallplan">
      <div class="hallplan-scroll"><?cs uvar:Plan.Svg ?></div>
      <figcaption>
        <ul class="plan-legend" aria-label="<?cs var:Lang.Venue.legend ?>"><?cs
        each:c = Plan.Categories ?>
          <li><svg class="swatch" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false"><circle cx="8" cy="8" r="7" fill="<?cs var:c.Fill ?>"/></svg><span><?cs var:Lang.Venue.category ?> <strong><?cs var:c.Name ?></strong></span> <span class="muted">(<?cs var:c.Count ?>)</span></li><?cs
        /each ?>
        </ul>
      </figcaption>
    </figure><?cs
        if:!Plan.Locked && Venue.Owned == "1" ?>
    <p class="hint"><?cs var:Lang.Venue.click_hint ?></p><?cs
        /if ?><?cs
        if:Venue.Owned == "1" ?>
    <div class="plan-tools">
      <form class="find-seat" method="get" action="/organiser/venues/<?cs var:url_escape(Venue.Id) ?>/seats" aria-labelledby="find-heading">
        <h3 id="find-heading" class="find-title"><?cs var:Lang.Venue.find_heading ?></h3>
        <div class="find-fields">
          <div class="field">
            <label for="find_section"><?cs var:Lang.Venue.section ?></label>
            <select id="find_section" name="find_section"><?cs
            each:s = Plan.Sections ?>
              <option<?cs if:Form.find_section == s ?> selected<?cs /if ?>><?cs var:s ?></option><?cs
            /each ?>
            </select>
          </div>
          <div class="field">
            <label for="find_row"><?cs var:Lang.Venue.row ?></label>
            <input type="text" id="find_row" name="find_row" value="<?cs var:Form.find_row ?>" required maxlength="10" autocomplete="off"<?cs call:described("find_row", "find", "") ?>>
          </div>
          <div class="field">
            <label for="find_seat"><?cs var:Lang.Venue.seat ?></label>
            <input type="text" id="find_seat" name="find_seat" value="<?cs var:Form.find_seat ?>" required maxlength="10" autocomplete="off">
          </div>
          <div class="find-actions">
            <button type="submit" class="btn"><?cs var:Lang.Venue.find_button ?></button>
          </div>
        </div>
        <?cs call:field_error("find_row", "find") ?>
      </form>
      <p class="export"><a class="btn" href="/organiser/venues/<?cs var:url_escape(Venue.Id) ?>/plan.csv" download><?cs var:Lang.Venue.export ?></a></p>
    </div><?cs
    # issue 13: each section's name in the three languages (a label only: seats keep their ids) ?>
    <details class="section-names" id="section-names"<?cs if:Errors.form ?> open<?cs /if ?>>
      <summary><?cs var:Lang.Venue.section_names ?></summary>
      <p class="hint"><?cs var:Lang.Venue.section_names_hint ?></p>
      <form method="post" action="/organiser/venues/<?cs var:url_escape(Venue.Id) ?>/sections"><?cs call:csrf() ?><?cs
      each:sn = SectionNames ?>
        <fieldset class="form-group">
          <legend><?cs var:sn.Name ?></legend><?cs
          each:a = Page.Alt ?><?cs set:fk = "s" + sn.Id + "_" + a.Code ?>
          <div class="field">
            <label for="<?cs var:fk ?>"><span lang="<?cs var:a.Code ?>"><?cs var:Lang.LangName[a.Code] ?></span></label>
            <input type="text" id="<?cs var:fk ?>" name="<?cs var:fk ?>" value="<?cs var:sn[a.Code] ?>" maxlength="100" autocomplete="off" lang="<?cs var:a.Code ?>" placeholder="<?cs var:sn.Name ?>"<?cs call:described(fk, fk, "") ?>>
            <?cs call:field_error(fk, fk) ?>
          </div><?cs
          /each ?>
        </fieldset><?cs
      /each ?><?cs
      each:cn = CategoryNames ?><?cs set:ci = name(cn) ?>
        <fieldset class="form-group">
          <legend><?cs var:Lang.Venue.category ?> <?cs var:cn.Code ?></legend>
          <input type="hidden" name="c<?cs var:ci ?>_code" value="<?cs var:cn.Code ?>"><?cs
          each:a = Page.Alt ?><?cs set:fk = "c" + ci + "_" + a.Code ?>
          <div class="field">
            <label for="<?cs var:fk ?>"><span lang="<?cs var:a.Code ?>"><?cs var:Lang.LangName[a.Code] ?></span></label>
            <input type="text" id="<?cs var:fk ?>" name="<?cs var:fk ?>" value="<?cs var:cn[a.Code] ?>" maxlength="60" autocomplete="off" lang="<?cs var:a.Code ?>"<?cs call:described(fk, fk, "") ?>>
            <?cs call:field_error(fk, fk) ?>
          </div><?cs
          /each ?>
        </fieldset><?cs
      /each ?>
        <p><button type="submit" class="btn"><?cs var:Lang.Venue.section_names_save ?></button></p>
      </form>
    </details><?cs
        /if ?><?cs
      else ?>
    <div class="empty">
      <p class="empty-title"><?cs var:Lang.Venue.plan_empty ?></p>
      <p><?cs var:Lang.Venue.plan_empty_hint ?></p>
    </div><?cs
      /if ?><?cs
    else ?>
    <p><?cs var:Lang.Venue.standing_text ?> <strong><?cs var:Venue.Capacity ?></strong>.</p>
    <p class="muted"><?cs var:Lang.Venue.standing_hint ?></p><?cs
    /if ?>
  </section>

  <section class="panel venue-details" aria-labelledby="details-heading">
    <h2 id="details-heading"><?cs var:Lang.Venue.details_heading ?></h2><?cs
  if:Venue.Owned == "1" ?>
    <form method="post" action="/organiser/venues/<?cs var:url_escape(Venue.Id) ?>" class="form">
      <?cs call:csrf() ?>
<?cs include:"venue_form.cs" ?>
      <div class="form-actions">
        <button type="submit" class="btn btn-primary"><?cs var:Lang.Venue.save ?></button>
      </div>
    </form><?cs
  else ?>
    <dl class="facts">
      <dt><?cs var:Lang.Venue.col_places ?></dt><dd><?cs var:Venue.Capacity ?></dd>
      <dt><?cs var:Lang.Venue.col_price ?></dt><dd><span class="nowrap"><?cs var:Venue.Price ?> <?cs call:currency("KZT") ?></span> <?cs var:Lang.Venue.per_hour ?></dd>
    </dl>
    <p class="hint"><?cs var:Lang.Day.venue_not_yours ?></p><?cs
  /if ?>
  </section>

  <section class="panel venue-bookings" id="bookings" aria-labelledby="bookings-heading">
    <h2 id="bookings-heading"><?cs var:Lang.Day.bookings_heading ?></h2><?cs
    if:subcount(Bookings) > 0 ?>
    <ul class="booking-list"><?cs
      each:b = Bookings ?>
      <li><span class="nowrap"><?cs var:b.Starts ?></span> – <span class="nowrap"><?cs var:b.Ends ?></span>: <?cs
        if:b.Name ?><?cs if:b.EventId ?><a href="/events/<?cs var:url_escape(b.EventId) ?>"><?cs var:b.Name ?></a><?cs else ?><?cs var:b.Name ?> <span class="muted">(<?cs var:Lang.Day.booking_draft ?>)</span><?cs /if ?><?cs
        else ?><span class="muted"><?cs var:Lang.Day.booking_private ?></span><?cs /if ?></li><?cs
      /each ?>
    </ul><?cs
    else ?>
    <p class="muted"><?cs var:Lang.Day.bookings_none ?></p><?cs
    /if ?>
  </section>
</div><?cs

if:Venue.Seated == "1" && !Plan.Locked && Venue.Owned == "1" ?>
<div class="venue-grid venue-grid-tools">
  <section class="panel" id="generate" aria-labelledby="gen-heading">
    <h2 id="gen-heading"><?cs var:Lang.Venue.gen_heading ?></h2>
    <p class="hint"><?cs var:Lang.Venue.gen_intro ?></p>
    <p class="hint" id="ranges-hint"><?cs var:Lang.Venue.ranges_hint ?></p><?cs
    if:Errors.gen ?>
    <div class="alert alert-error" role="alert"><p><?cs var:Errors.gen ?></p></div><?cs
    /if ?>
    <form method="post" action="/organiser/venues/<?cs var:url_escape(Venue.Id) ?>/plan/generate" class="form gen-form"<?cs if:#Plan.Seats > 0 ?> data-confirm="<?cs var:Lang.Venue.replace_confirm ?>"<?cs /if ?>>
      <?cs call:csrf() ?><?cs
      loop:i = 0, 7, 1 ?><?cs
        set:p = "s" + i ?><?cs
        set:fn = p + "_name" ?><?cs set:fr = p + "_rows" ?><?cs set:fs = p + "_seats" ?><?cs
        set:fc = p + "_category" ?><?cs set:fg = p + "_ranges" ?><?cs
        if:i == 2 ?>
      <details class="gen-more"<?cs
          loop:k = 2, 7, 1 ?><?cs if:Form["s" + k + "_name"] || Form["s" + k + "_rows"] || Errors["s" + k + "_name"] || Errors["s" + k + "_rows"] || Errors["s" + k + "_seats"] || Errors["s" + k + "_category"] || Errors["s" + k + "_ranges"] ?> open<?cs /if ?><?cs /loop ?>>
        <summary><?cs var:Lang.Venue.gen_more ?></summary><?cs
        /if ?>
      <fieldset class="gen-section">
        <legend><?cs var:Lang.Venue.gen_section ?> <?cs var:i + 1 ?></legend>
        <div class="gen-grid">
          <div class="field gen-name">
            <label for="<?cs var:fn ?>"><?cs var:Lang.Venue.section_name ?></label>
            <input type="text" id="<?cs var:fn ?>" name="<?cs var:fn ?>" value="<?cs var:Form[fn] ?>" maxlength="100" autocomplete="off"<?cs call:described(fn, fn, "") ?>>
            <?cs call:field_error(fn, fn) ?>
          </div>
          <div class="field">
            <label for="<?cs var:fr ?>"><?cs var:Lang.Venue.rows ?></label>
            <input type="number" id="<?cs var:fr ?>" name="<?cs var:fr ?>" value="<?cs var:Form[fr] ?>" min="1" max="100" step="1" inputmode="numeric"<?cs call:described(fr, fr, "") ?>>
            <?cs call:field_error(fr, fr) ?>
          </div>
          <div class="field">
            <label for="<?cs var:fs ?>"><?cs var:Lang.Venue.per_row ?></label>
            <input type="number" id="<?cs var:fs ?>" name="<?cs var:fs ?>" value="<?cs var:Form[fs] ?>" min="1" max="200" step="1" inputmode="numeric"<?cs call:described(fs, fs, "") ?>>
            <?cs call:field_error(fs, fs) ?>
          </div>
          <div class="field">
            <label for="<?cs var:fc ?>"><?cs var:Lang.Venue.category ?></label>
            <input type="text" id="<?cs var:fc ?>" name="<?cs var:fc ?>" value="<?cs if:Form[fc] ?><?cs var:Form[fc] ?><?cs else ?>A<?cs /if ?>" maxlength="20" autocomplete="off"<?cs call:described(fc, fc, "") ?>>
            <?cs call:field_error(fc, fc) ?>
          </div>
          <div class="field gen-ranges">
            <label for="<?cs var:fg ?>"><?cs var:Lang.Venue.ranges ?> <span class="optional">(<?cs var:Lang.Form.optional ?>)</span></label>
            <input type="text" id="<?cs var:fg ?>" name="<?cs var:fg ?>" value="<?cs var:Form[fg] ?>" maxlength="200" autocomplete="off"<?cs if:i == 0 ?> placeholder="<?cs var:Lang.Venue.ranges_placeholder ?>"<?cs /if ?><?cs call:described(fg, fg, "ranges-hint") ?>>
            <?cs call:field_error(fg, fg) ?>
          </div>
        </div>
      </fieldset><?cs
        if:i == 7 ?>
      </details><?cs
        /if ?><?cs
      /loop ?>
      <fieldset class="gen-options">
        <legend><?cs var:Lang.Venue.gen_options ?></legend>
        <div class="gen-grid">
          <div class="field">
            <label for="curve"><?cs var:Lang.Venue.curve ?></label>
            <input type="number" id="curve" name="curve" value="<?cs var:Form.curve ?>" min="0" max="100" step="1" inputmode="numeric"<?cs call:described("curve", "curve", "curve-hint") ?>>
            <p class="hint" id="curve-hint"><?cs var:Lang.Venue.curve_hint ?></p>
            <?cs call:field_error("curve", "curve") ?>
          </div>
          <div class="field">
            <label for="aisle"><?cs var:Lang.Venue.aisle ?></label>
            <input type="number" id="aisle" name="aisle" value="<?cs var:Form.aisle ?>" min="0" max="200" step="1" inputmode="numeric"<?cs call:described("aisle", "aisle", "aisle-hint") ?>>
            <p class="hint" id="aisle-hint"><?cs var:Lang.Venue.aisle_hint ?></p>
            <?cs call:field_error("aisle", "aisle") ?>
          </div>
          <fieldset class="field gen-labels">
            <legend class="label"><?cs var:Lang.Venue.labels ?></legend>
            <div class="radio-row">
              <span class="radio"><input type="radio" id="labels-numbers" name="labels" value="numbers"<?cs if:Form.labels != "letters" ?> checked<?cs /if ?>><label for="labels-numbers"><?cs var:Lang.Venue.labels_numbers ?></label></span>
              <span class="radio"><input type="radio" id="labels-letters" name="labels" value="letters"<?cs if:Form.labels == "letters" ?> checked<?cs /if ?>><label for="labels-letters"><?cs var:Lang.Venue.labels_letters ?></label></span>
            </div>
            <?cs call:field_error("labels", "labels") ?>
          </fieldset>
        </div>
      </fieldset>
      <div class="form-actions">
        <button type="submit" class="btn btn-primary"><?cs if:#Plan.Seats > 0 ?><?cs var:Lang.Venue.gen_replace ?><?cs else ?><?cs var:Lang.Venue.gen_button ?><?cs /if ?></button>
      </div>
    </form>
  </section>

  <section class="panel" id="import" aria-labelledby="import-heading">
    <h2 id="import-heading"><?cs var:Lang.Venue.import_heading ?></h2>
    <p class="hint"><?cs var:Lang.Venue.import_intro ?></p>
    <pre class="csv-sample" aria-label="<?cs var:Lang.Venue.import_sample ?>">section,row,seat,x,y,category
<?cs var:Lang.Venue.default_section ?>,1,1,60,40,A
<?cs var:Lang.Venue.default_section ?>,1,2,90,40,A</pre><?cs
    if:Errors.import ?>
    <div class="alert alert-error" role="alert" id="import-err"><p><?cs var:Errors.import ?></p></div><?cs
    /if ?>
    <form method="post" action="/organiser/venues/<?cs var:url_escape(Venue.Id) ?>/plan/import" enctype="multipart/form-data" class="form"<?cs if:#Plan.Seats > 0 ?> data-confirm="<?cs var:Lang.Venue.replace_confirm ?>"<?cs /if ?>>
      <?cs call:csrf() ?>
      <div class="field">
        <label for="csv_file"><?cs var:Lang.Venue.csv_file ?></label>
        <input type="file" id="csv_file" name="csv_file" accept=".csv,text/csv,text/plain"<?cs if:Errors.import ?> aria-describedby="import-err"<?cs /if ?>>
      </div>
      <div class="field">
        <label for="csv_text"><?cs var:Lang.Venue.csv_text ?> <span class="optional">(<?cs var:Lang.Venue.csv_text_or ?>)</span></label>
        <textarea id="csv_text" name="csv_text" rows="6" spellcheck="false" class="mono"<?cs if:Errors.import ?> aria-describedby="import-err"<?cs /if ?>><?cs var:Form.csv_text ?></textarea>
      </div>
      <div class="form-actions">
        <button type="submit" class="btn btn-primary"><?cs if:#Plan.Seats > 0 ?><?cs var:Lang.Venue.import_replace ?><?cs else ?><?cs var:Lang.Venue.import_button ?><?cs /if ?></button>
      </div>
    </form>
  </section>
</div><?cs
/if ?>
<?cs include:"layout_foot.cs" ?>
