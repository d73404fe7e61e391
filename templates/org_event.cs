<?cs include:"layout_head.cs" ?><?cs
# New event when Event.Id is empty, else the edit page of Event.Id.
# A cancelled or completed event cannot change: its form is shown disabled.
# A published event keeps its date and time: they are read-only and sent back unchanged. ?><?cs
set:closed = Event.Status == "cancelled" || Event.Status == "completed" ?><?cs
set:locked = Event.Status == "published" ?><?cs
set:date_hint = "" ?><?cs if:locked ?><?cs set:date_hint = "date-locked" ?><?cs /if ?>
<h1 class="page-title"><?cs if:Event.Id ?><?cs var:Lang.OrgEv.edit_heading ?><?cs else ?><?cs var:Lang.OrgEv.new_heading ?><?cs /if ?></h1>
<?cs include:"organiser_nav.cs" ?>
<?cs call:form_error() ?>
<div class="<?cs if:Event.Id ?>org-grid<?cs else ?>org-single<?cs /if ?>"><?cs
if:Event.Id ?>
  <section class="panel org-status" aria-labelledby="status-heading">
    <h2 id="status-heading"><?cs var:Event.Name ?></h2>
    <dl class="facts facts-compact">
      <div>
        <dt><?cs var:Lang.OrgEv.when ?></dt>
        <dd><?cs var:Event.StartsLocal ?></dd>
      </div>
      <div>
        <dt><?cs var:Lang.OrgEv.status ?></dt>
        <dd><?cs call:status_badge(Event.Status) ?></dd>
      </div>
      <div>
        <dt><?cs var:Lang.OrgEv.sold ?></dt>
        <dd><?cs call:sold_meter(Event.Sold, Event.Capacity) ?></dd>
      </div>
    </dl><?cs
    if:Event.Status == "draft" ?>
    <p class="small muted" id="publish-hint"><?cs var:Lang.OrgEv.draft_note ?></p><?cs
    elif:Event.Status == "cancelled" ?>
    <p class="small muted"><?cs var:Lang.OrgEv.cancelled_note ?></p><?cs
    elif:Event.Status == "completed" ?>
    <p class="small muted"><?cs var:Lang.OrgEv.completed_note ?></p><?cs
    /if ?>
    <div class="org-actions"><?cs
      if:Event.Status == "draft" ?>
      <form method="post" action="/organiser/events/<?cs var:url_escape(Event.Id) ?>/publish" class="inline-form">
        <?cs call:csrf() ?>
        <button type="submit" class="btn btn-primary" aria-describedby="publish-hint"><?cs var:Lang.OrgEv.publish ?></button>
      </form><?cs
      /if ?><?cs
      if:Event.Status == "published" ?>
      <a class="btn" href="/events/<?cs var:url_escape(Event.Id) ?>"><?cs var:Lang.OrgEv.public_page ?></a>
      <a class="btn" href="/organiser/events/<?cs var:url_escape(Event.Id) ?>/checkin"><?cs var:Lang.Door.checkin_link ?></a>
      <a class="btn" href="/organiser/events/<?cs var:url_escape(Event.Id) ?>/sales"><?cs var:Lang.Sales.link ?></a><?cs
      /if ?><?cs
      if:Event.Ended == 1 && Event.Status != "cancelled" && Event.Status != "draft" ?>
      <a class="btn" href="/organiser/events/<?cs var:url_escape(Event.Id) ?>/report"><?cs var:Lang.OrgEv.report_link ?></a><?cs
      /if ?><?cs
      if:!closed ?>
      <a class="btn btn-danger-quiet" href="/organiser/events/<?cs var:url_escape(Event.Id) ?>/cancel"><?cs var:Lang.OrgEv.cancel_link ?></a><?cs
      /if ?>
    </div>
    <ul class="org-links" aria-label="<?cs var:Lang.Day.buyers_label ?>">
      <li><a href="/organiser/events/<?cs var:url_escape(Event.Id) ?>/orders"><?cs var:Lang.Day.orders_heading ?></a></li>
      <li><a href="/organiser/events/<?cs var:url_escape(Event.Id) ?>/guests"><?cs var:Lang.Day.guest_list ?></a></li>
      <li><a href="/organiser/events/<?cs var:url_escape(Event.Id) ?>/attendees.csv" download><?cs var:Lang.Day.export_attendees ?></a></li>
      <li><a href="/organiser/events/<?cs var:url_escape(Event.Id) ?>/orders.csv" download><?cs var:Lang.Day.export_orders ?></a></li>
    </ul>
  </section><?cs
/if ?>

  <form method="post" action="/organiser/events<?cs if:Event.Id ?>/<?cs var:url_escape(Event.Id) ?><?cs /if ?>" enctype="multipart/form-data" class="panel form org-form" aria-labelledby="form-heading">
    <?cs call:csrf() ?>
    <h2 id="form-heading" class="visually-hidden"><?cs var:Lang.OrgEv.details ?></h2><?cs
    if:closed ?>
    <p class="alert"><?cs var:Lang.OrgEv.closed_note ?></p>
    <fieldset class="form-body" disabled><?cs
    /if ?>

    <fieldset class="form-group">
      <legend><?cs var:Lang.OrgEv.group_what ?></legend>
      <div class="field">
        <label for="name"><?cs var:Lang.OrgEv.name ?></label>
        <input type="text" id="name" name="name" value="<?cs var:Form.name ?>" maxlength="200"<?cs call:described("name", "name", "name-hint") ?>>
        <p class="hint" id="name-hint"><?cs var:Lang.LangName[Page.Lang] ?>. <?cs var:Lang.OrgEv.name_hint ?></p>
        <?cs call:field_error("name", "name") ?>
      </div>
      <div class="field">
        <label for="description"><?cs var:Lang.OrgEv.description ?> <span class="optional">(<?cs var:Lang.LangName[Page.Lang] ?>, <?cs var:Lang.Form.optional ?>)</span></label>
        <textarea id="description" name="description" rows="6" maxlength="5000"<?cs call:described("description", "description", "description-hint") ?>><?cs var:Form.description ?></textarea>
        <p class="hint" id="description-hint"><?cs var:Lang.OrgEv.description_hint ?></p>
        <?cs call:field_error("description", "description") ?>
      </div><?cs
      # issue 13: the other two languages; one left empty shows the text above ?><?cs
      set:tr_open = 0 ?><?cs
      each:a = Page.Alt ?><?cs
        if:a.Code != Page.Lang && (Form["name_" + a.Code] || Form["description_" + a.Code] || Errors["name_" + a.Code] || Errors["description_" + a.Code]) ?><?cs set:tr_open = 1 ?><?cs /if ?><?cs
      /each ?>
      <details class="field translations"<?cs if:tr_open ?> open<?cs /if ?>>
        <summary><?cs var:Lang.OrgEv.other_langs ?></summary>
        <p class="hint"><?cs var:Lang.OrgEv.other_langs_hint ?></p><?cs
        each:a = Page.Alt ?><?cs
          if:a.Code != Page.Lang ?><?cs
            set:fk = "name_" + a.Code ?><?cs set:dk = "description_" + a.Code ?>
        <div class="field">
          <label for="<?cs var:fk ?>"><?cs var:Lang.OrgEv.name ?> <span class="optional">(<span lang="<?cs var:a.Code ?>"><?cs var:Lang.LangName[a.Code] ?></span>)</span></label>
          <input type="text" id="<?cs var:fk ?>" name="<?cs var:fk ?>" value="<?cs var:Form[fk] ?>" maxlength="200" lang="<?cs var:a.Code ?>"<?cs call:described(fk, fk, "") ?>>
          <?cs call:field_error(fk, fk) ?>
        </div>
        <div class="field">
          <label for="<?cs var:dk ?>"><?cs var:Lang.OrgEv.description ?> <span class="optional">(<span lang="<?cs var:a.Code ?>"><?cs var:Lang.LangName[a.Code] ?></span>)</span></label>
          <textarea id="<?cs var:dk ?>" name="<?cs var:dk ?>" rows="4" maxlength="5000" lang="<?cs var:a.Code ?>"<?cs call:described(dk, dk, "") ?>><?cs var:Form[dk] ?></textarea>
          <?cs call:field_error(dk, dk) ?>
        </div><?cs
          /if ?><?cs
        /each ?>
      </details>
      <div class="field">
        <label for="image"><?cs var:Lang.OrgEv.image ?> <span class="optional">(<?cs var:Lang.Form.optional ?>)</span></label><?cs
        if:Event.Image ?>
        <p class="thumb-wrap"><img class="thumb" src="/uploads/events/<?cs var:url_escape(Event.Image) ?>" alt=""> <span class="small muted"><?cs var:Lang.OrgEv.image_current ?></span></p><?cs
        /if ?>
        <input type="file" id="image" name="image" accept="image/jpeg,image/png"<?cs call:described("image", "image", "image-hint") ?>>
        <p class="hint" id="image-hint"><?cs var:Lang.OrgEv.image_hint ?><?cs if:Event.Image ?> <?cs var:Lang.OrgEv.image_replace_hint ?><?cs /if ?></p>
        <?cs call:field_error("image", "image") ?>
      </div>
    </fieldset>

    <fieldset class="form-group">
      <legend><?cs var:Lang.OrgEv.group_when ?></legend><?cs
      if:locked ?>
      <p class="hint hint-block" id="date-locked"><?cs var:Lang.OrgEv.date_locked_note ?></p><?cs
      /if ?>
      <div class="field-row">
        <div class="field">
          <label for="date"><?cs var:Lang.OrgEv.date ?></label>
          <input type="date" id="date" name="date" value="<?cs var:Form.date ?>" required<?cs if:locked ?> readonly<?cs /if ?><?cs call:described("date", "date", date_hint) ?>>
        </div>
        <div class="field">
          <label for="time"><?cs var:Lang.OrgEv.time ?></label>
          <input type="time" id="time" name="time" value="<?cs var:Form.time ?>" required<?cs if:locked ?> readonly<?cs /if ?><?cs call:described("time", "time", date_hint) ?>>
          <?cs call:field_error("time", "time") ?>
        </div>
      </div><?cs
      # The date's error covers date and time together; a clash names the other event (Overlap). ?><?cs
      if:Errors.date ?>
      <p class="field-error field-error-row" id="date-err"><?cs if:Overlap ?><?cs var:Overlap ?><?cs else ?><?cs var:Errors.date ?><?cs /if ?></p><?cs
      /if ?>
      <div class="field field-short">
        <label for="duration"><?cs var:Lang.OrgEv.duration ?></label>
        <input type="number" id="duration" name="duration" value="<?cs var:Form.duration ?>" required min="1" max="10080" step="1" inputmode="numeric"<?cs call:described("duration", "duration", "") ?>>
        <?cs call:field_error("duration", "duration") ?>
      </div>
    </fieldset>

    <fieldset class="form-group">
      <legend><?cs var:Lang.OrgEv.group_where ?></legend>
      <div class="field">
        <label for="venue_id"><?cs var:Lang.OrgEv.venue ?></label>
        <select id="venue_id" name="venue_id"<?cs call:described("venue_id", "venue_id", "venue-hint") ?>>
          <option value=""><?cs var:Lang.OrgEv.venue_none ?></option><?cs
          each:v = Venues ?>
          <option value="<?cs var:v.id ?>"<?cs if:Form.venue_id == v.id ?> selected<?cs /if ?>><?cs var:v.name ?> (<?cs
            if:v.seated == 1 && #v.seats > 0 ?><?cs var:Lang.OrgEv.venue_seats ?> <?cs var:v.seats ?><?cs
            else ?><?cs var:Lang.OrgEv.venue_capacity ?> <?cs var:v.capacity ?><?cs /if ?>) · <?cs
            if:v.kind == "open-air" ?><?cs var:Lang.Venue.Kind.open_air ?><?cs else ?><?cs var:Lang.Venue.Kind[v.kind] ?><?cs /if ?> · <?cs
            var:v.address ?> · <?cs var:v.Rent ?> ₸ <?cs var:Lang.Venue.per_hour ?><?cs
            if:VenueTimeKnown ?> · <?cs if:v.Busy == "1" ?><?cs var:Lang.Day.venue_busy_then ?><?cs else ?><?cs var:Lang.Day.venue_free_then ?><?cs /if ?><?cs /if ?></option><?cs
          /each ?>
        </select>
        <p class="hint" id="venue-hint"><?cs var:Lang.OrgEv.venue_hint ?> <a href="/organiser/venues"><?cs var:Lang.OrgEv.venue_manage ?></a></p>
        <?cs call:field_error("venue_id", "venue_id") ?>
      </div>
      <div class="field">
        <label for="location"><?cs var:Lang.OrgEv.location ?> <span class="optional">(<?cs var:Lang.OrgEv.location_when ?>)</span></label>
        <input type="text" id="location" name="location" value="<?cs var:Form.location ?>" maxlength="300"<?cs call:described("location", "location", "") ?>>
        <?cs call:field_error("location", "location") ?>
      </div><?cs
      # An unticked box sends nothing, which the server would read as "as the venue says";
      # the hidden 0 after it makes unticked mean general admission (the first value wins). ?>
      <div class="field">
        <div class="field-check">
          <input type="checkbox" id="seated" name="seated" value="1"<?cs if:Form.seated == 1 ?> checked<?cs /if ?><?cs call:described("seated", "seated", "seated-hint") ?>>
          <label for="seated"><?cs var:Lang.OrgEv.seated ?></label>
        </div>
        <input type="hidden" name="seated" value="0">
        <p class="hint" id="seated-hint"><?cs var:Lang.OrgEv.seated_hint ?></p>
        <?cs call:field_error("seated", "seated") ?>
      </div>
      <div class="field field-short" data-when="ga">
        <label for="capacity"><?cs var:Lang.OrgEv.capacity ?></label>
        <input type="number" id="capacity" name="capacity" value="<?cs var:Form.capacity ?>" min="1" max="1000000" step="1" inputmode="numeric"<?cs call:described("capacity", "capacity", "capacity-hint") ?>>
        <p class="hint" id="capacity-hint"><?cs var:Lang.OrgEv.capacity_hint ?></p>
        <?cs call:field_error("capacity", "capacity") ?>
      </div>
    </fieldset>

    <fieldset class="form-group">
      <legend><?cs var:Lang.OrgEv.group_prices ?></legend>
      <p class="hint hint-block" id="prices-hint"><?cs var:Lang.OrgEv.prices_hint ?></p>
      <div class="field-row">
        <div class="field">
          <label for="currency"><?cs var:Lang.OrgEv.currency ?></label>
          <select id="currency" name="currency"<?cs call:described("currency", "currency", "") ?>><?cs
          each:c = Currencies ?>
            <option value="<?cs var:c ?>"<?cs if:Form.currency == c ?> selected<?cs /if ?>><?cs var:c ?><?cs if:Lang.Currency[c] ?> (<?cs var:Lang.Currency[c] ?>)<?cs /if ?></option><?cs
          /each ?>
          </select>
          <?cs call:field_error("currency", "currency") ?>
        </div>
        <div class="field" data-when="ga">
          <label for="price"><?cs var:Lang.OrgEv.price_ga ?></label>
          <input type="text" id="price" name="price" value="<?cs var:Form.price ?>" inputmode="decimal" maxlength="20" autocomplete="off"<?cs call:described("price", "price", "prices-hint") ?>>
        </div>
      </div><?cs
      if:subcount(Categories) > 0 ?>
      <div class="price-cats" data-when="seated"><?cs
        each:c = Categories ?><?cs set:pk = "price_" + c ?>
        <div class="field">
          <label for="price-cat-<?cs name:c ?>"><?cs var:Lang.OrgEv.price_category ?> <?cs var:c ?></label>
          <input type="text" id="price-cat-<?cs name:c ?>" name="<?cs var:pk ?>" value="<?cs var:Form[pk] ?>" inputmode="decimal" maxlength="20" autocomplete="off"<?cs call:described("price", "price", "prices-hint") ?>>
        </div><?cs
        /each ?>
      </div><?cs
      /if ?>
      <?cs call:field_error("price", "price") ?>
    </fieldset>

    <fieldset class="form-group">
      <legend><?cs var:Lang.OrgEv.group_sales ?></legend>
      <div class="field field-short">
        <label for="max_per_person"><?cs var:Lang.OrgEv.max_per_person ?></label>
        <input type="number" id="max_per_person" name="max_per_person" value="<?cs var:Form.max_per_person ?>" min="1" max="50" step="1" inputmode="numeric"<?cs call:described("max_per_person", "max_per_person", "") ?>>
        <?cs call:field_error("max_per_person", "max_per_person") ?>
      </div>
      <div class="field-row">
        <div class="field">
          <label for="sales_start"><?cs var:Lang.OrgEv.sales_start ?> <span class="optional">(<?cs var:Lang.Form.optional ?>)</span></label>
          <input type="datetime-local" id="sales_start" name="sales_start" value="<?cs var:Form.sales_start ?>"<?cs call:described("sales_start", "sales_start", "sales-hint") ?>>
          <?cs call:field_error("sales_start", "sales_start") ?>
        </div>
        <div class="field">
          <label for="sales_end"><?cs var:Lang.OrgEv.sales_end ?> <span class="optional">(<?cs var:Lang.Form.optional ?>)</span></label>
          <input type="datetime-local" id="sales_end" name="sales_end" value="<?cs var:Form.sales_end ?>"<?cs call:described("sales_end", "sales_end", "sales-hint") ?>>
          <?cs call:field_error("sales_end", "sales_end") ?>
        </div>
      </div>
      <p class="hint" id="sales-hint"><?cs var:Lang.OrgEv.sales_hint ?></p>
    </fieldset>

    <div class="form-group">
      <div class="field">
        <label for="client_id"><?cs var:Lang.OrgEv.client ?> <span class="optional">(<?cs var:Lang.Form.optional ?>)</span></label>
        <select id="client_id" name="client_id"<?cs call:described("client_id", "client_id", "client-hint") ?>>
          <option value=""><?cs var:Lang.OrgEv.client_none ?></option><?cs
          each:c = Clients ?>
          <option value="<?cs var:c.id ?>"<?cs if:Form.client_id == c.id ?> selected<?cs /if ?>><?cs var:c.name ?></option><?cs
          /each ?>
        </select>
        <p class="hint" id="client-hint"><?cs var:Lang.OrgEv.client_hint ?> <a href="/organiser/clients"><?cs var:Lang.OrgEv.client_manage ?></a></p>
        <?cs call:field_error("client_id", "client_id") ?>
      </div>
    </div><?cs
    if:closed ?>
    </fieldset><?cs
    else ?>
    <div class="form-actions"><?cs
      if:Event.Status == "published" ?>
      <button type="submit" name="action" value="save" class="btn btn-primary"><?cs var:Lang.OrgEv.save ?></button><?cs
      else ?>
      <button type="submit" name="action" value="draft" class="btn"><?cs var:Lang.OrgEv.save_draft ?></button>
      <button type="submit" name="action" value="publish" class="btn btn-primary"><?cs var:Lang.OrgEv.save_publish ?></button><?cs
      /if ?>
    </div><?cs
    /if ?>
  </form><?cs

if:Event.Id ?>
  <section class="panel org-team" id="staff" aria-labelledby="staff-heading">
    <h2 id="staff-heading"><?cs var:Lang.OrgEv.staff_heading ?></h2>
    <p class="small muted"><?cs var:Lang.OrgEv.staff_intro ?></p><?cs
    if:subcount(Staff) > 0 ?>
    <ul class="staff-list"><?cs
      each:s = Staff ?>
      <li>
        <span class="staff-who"><?cs
          # by address only: members and invitations look alike (issue 11.6) ?>
          <span class="user-email"><?cs var:s.email ?></span>
          <span class="badge"><?cs if:s.role == "organiser" ?><?cs var:Lang.OrgEv.role_organiser ?><?cs else ?><?cs var:Lang.OrgEv.role_door ?><?cs /if ?></span>
        </span>
        <form method="post" action="/organiser/events/<?cs var:url_escape(Event.Id) ?>/staff/remove" class="inline-form" data-confirm="<?cs var:Lang.OrgEv.staff_remove_confirm ?>">
          <?cs call:csrf() ?>
          <input type="hidden" name="staff_email" value="<?cs var:s.email ?>">
          <button type="submit" class="btn btn-small btn-danger-quiet"><?cs var:Lang.OrgEv.staff_remove ?><span class="visually-hidden"> <?cs var:s.email ?></span></button>
        </form>
      </li><?cs
      /each ?>
    </ul><?cs
    else ?>
    <p class="muted"><?cs var:Lang.OrgEv.staff_empty ?></p><?cs
    /if ?><?cs
    if:!closed ?>
    <form method="post" action="/organiser/events/<?cs var:url_escape(Event.Id) ?>/staff" class="form staff-add" aria-labelledby="staff-add-heading">
      <?cs call:csrf() ?>
      <h3 id="staff-add-heading"><?cs var:Lang.OrgEv.staff_add_heading ?></h3>
      <div class="field">
        <label for="staff_email"><?cs var:Lang.OrgEv.staff_email ?></label>
        <input type="email" id="staff_email" name="staff_email" value="<?cs var:Form.staff_email ?>" required maxlength="254" autocomplete="off" spellcheck="false"<?cs call:described("staff_email", "staff_email", "staff_email-hint") ?>>
        <p class="hint" id="staff_email-hint"><?cs var:Lang.OrgEv.staff_email_hint ?></p>
        <?cs call:field_error("staff_email", "staff_email") ?>
      </div><?cs
      # The server reads the role as "role" (and keeps it as Form.staff_role). ?>
      <div class="field">
        <label for="staff_role"><?cs var:Lang.OrgEv.staff_role ?></label>
        <select id="staff_role" name="staff_role"<?cs call:described("staff_role", "staff_role", "") ?>>
          <option value="door"<?cs if:Form.staff_role != "organiser" ?> selected<?cs /if ?>><?cs var:Lang.OrgEv.role_door_option ?></option>
          <option value="organiser"<?cs if:Form.staff_role == "organiser" ?> selected<?cs /if ?>><?cs var:Lang.OrgEv.role_organiser_option ?></option>
        </select>
        <?cs call:field_error("staff_role", "staff_role") ?>
      </div>
      <div class="form-actions">
        <button type="submit" class="btn"><?cs var:Lang.OrgEv.staff_add ?></button>
      </div>
    </form><?cs
    /if ?>
  </section>
<?cs include:"audit_list.cs" ?><?cs
/if ?>
</div>
<?cs include:"layout_foot.cs" ?>
