<?cs # The client's fields, shared by the create form (clients.cs) and the edit form (client.cs). ?>
      <div class="field">
        <label for="name"><?cs var:Lang.Client.name ?></label>
        <input type="text" id="name" name="name" value="<?cs var:Form.name ?>" required maxlength="200" autocomplete="off"<?cs call:described("name", "name", "") ?>>
        <?cs call:field_error("name", "name") ?>
      </div>
      <div class="field">
        <label for="email"><?cs var:Lang.Client.email ?> <span class="optional">(<?cs var:Lang.Form.optional ?>)</span></label>
        <input type="email" id="email" name="email" value="<?cs var:Form.email ?>" maxlength="254" autocomplete="off" spellcheck="false"<?cs call:described("email", "email", "") ?>>
        <?cs call:field_error("email", "email") ?>
      </div>
      <div class="field">
        <label for="phone"><?cs var:Lang.Client.phone ?> <span class="optional">(<?cs var:Lang.Form.optional ?>)</span></label>
        <input type="tel" id="phone" name="phone" value="<?cs var:Form.phone ?>" maxlength="40" autocomplete="off"<?cs call:described("phone", "phone", "phone-hint") ?>>
        <p class="hint" id="phone-hint"><?cs var:Lang.Client.phone_hint ?></p>
        <?cs call:field_error("phone", "phone") ?>
      </div>
      <div class="field">
        <label for="address"><?cs var:Lang.Client.address ?> <span class="optional">(<?cs var:Lang.Form.optional ?>)</span></label>
        <input type="text" id="address" name="address" value="<?cs var:Form.address ?>" maxlength="300" autocomplete="off"<?cs call:described("address", "address", "") ?>>
        <?cs call:field_error("address", "address") ?>
      </div>
      <div class="field">
        <label for="notes"><?cs var:Lang.Client.notes ?> <span class="optional">(<?cs var:Lang.Form.optional ?>)</span></label>
        <textarea id="notes" name="notes" rows="5" maxlength="10000"<?cs call:described("notes", "notes", "notes-hint") ?>><?cs var:Form.notes ?></textarea>
        <p class="hint" id="notes-hint"><?cs var:Lang.Client.notes_hint ?></p>
        <?cs call:field_error("notes", "notes") ?>
      </div>
      <div class="field">
        <label for="feedback"><?cs var:Lang.Client.feedback ?> <span class="optional">(<?cs var:Lang.Form.optional ?>)</span></label>
        <textarea id="feedback" name="feedback" rows="4" maxlength="10000"<?cs call:described("feedback", "feedback", "feedback-hint") ?>><?cs var:Form.feedback ?></textarea>
        <p class="hint" id="feedback-hint"><?cs var:Lang.Client.feedback_hint ?></p>
        <?cs call:field_error("feedback", "feedback") ?>
      </div>
