<?cs # The venue's details, inside a form (venues.cs creates, venue.cs edits). Form.* holds the values. ?>
      <div class="field">
        <label for="name"><?cs var:Lang.Venue.name ?></label>
        <input type="text" id="name" name="name" value="<?cs var:Form.name ?>" maxlength="200" autocomplete="off"<?cs call:described("name", "name", "venue-name-hint") ?>>
        <p class="hint" id="venue-name-hint"><?cs var:Lang.LangName[Page.Lang] ?>. <?cs var:Lang.OrgEv.name_hint ?></p>
        <?cs call:field_error("name", "name") ?>
      </div><?cs
      # issue 13: the name in the other two languages; one left empty shows the name above ?><?cs
      each:a = Page.Alt ?><?cs
        if:a.Code != Page.Lang ?><?cs set:fk = "name_" + a.Code ?>
      <div class="field">
        <label for="<?cs var:fk ?>"><?cs var:Lang.Venue.name ?> <span class="optional">(<span lang="<?cs var:a.Code ?>"><?cs var:Lang.LangName[a.Code] ?></span>, <?cs var:Lang.Form.optional ?>)</span></label>
        <input type="text" id="<?cs var:fk ?>" name="<?cs var:fk ?>" value="<?cs var:Form[fk] ?>" maxlength="200" autocomplete="off" lang="<?cs var:a.Code ?>"<?cs call:described(fk, fk, "") ?>>
        <?cs call:field_error(fk, fk) ?>
      </div><?cs
        /if ?><?cs
      /each ?>
      <div class="field-row">
        <div class="field">
          <label for="kind"><?cs var:Lang.Venue.kind ?></label>
          <select id="kind" name="kind"<?cs call:described("kind", "kind", "") ?>><?cs
          each:k = Kinds ?>
            <option value="<?cs var:k.Value ?>"<?cs if:Form.kind == k.Value ?> selected<?cs /if ?>><?cs var:k.Label ?></option><?cs
          /each ?>
          </select>
          <?cs call:field_error("kind", "kind") ?>
        </div>
        <div class="field">
          <label for="status"><?cs var:Lang.Venue.status ?></label>
          <select id="status" name="status"<?cs call:described("status", "status", "status-hint") ?>>
            <option value="active"<?cs if:Form.status == "active" ?> selected<?cs /if ?>><?cs var:Lang.Venue.Status.active ?></option>
            <option value="inactive"<?cs if:Form.status == "inactive" ?> selected<?cs /if ?>><?cs var:Lang.Venue.Status.inactive ?></option>
          </select>
          <p class="hint" id="status-hint"><?cs var:Lang.Venue.status_hint ?></p>
          <?cs call:field_error("status", "status") ?>
        </div>
      </div>
      <div class="field">
        <label for="address"><?cs var:Lang.Venue.address ?></label>
        <input type="text" id="address" name="address" value="<?cs var:Form.address ?>" required maxlength="300" autocomplete="street-address"<?cs call:described("address", "address", "") ?>>
        <?cs call:field_error("address", "address") ?>
      </div>
      <div class="field field-check">
        <input type="checkbox" id="seated" name="seated" value="1"<?cs if:Form.seated == "1" ?> checked<?cs /if ?><?cs call:described("seated", "seated", "seated-hint") ?>>
        <label for="seated"><?cs var:Lang.Venue.seated ?></label>
      </div>
      <p class="hint hint-check" id="seated-hint"><?cs var:Lang.Venue.seated_hint ?></p>
      <?cs call:field_error("seated", "seated") ?>
      <div class="field-row">
        <div class="field">
          <label for="capacity"><?cs var:Lang.Venue.capacity ?></label>
          <input type="number" id="capacity" name="capacity" value="<?cs var:Form.capacity ?>" min="1" max="1000000" step="1" inputmode="numeric"<?cs call:described("capacity", "capacity", "capacity-hint") ?>>
          <p class="hint" id="capacity-hint"><?cs var:Lang.Venue.capacity_hint ?></p>
          <?cs call:field_error("capacity", "capacity") ?>
        </div>
        <div class="field">
          <label for="price"><?cs var:Lang.Venue.price ?></label>
          <input type="text" id="price" name="price" value="<?cs var:Form.price ?>" maxlength="20" inputmode="decimal" autocomplete="off"<?cs call:described("price", "price", "price-hint") ?>>
          <p class="hint" id="price-hint"><?cs var:Lang.Venue.price_hint ?></p>
          <?cs call:field_error("price", "price") ?>
        </div>
      </div>
