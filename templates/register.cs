<?cs include:"layout_head.cs" ?>
<section class="panel form-page" aria-labelledby="register-heading">
  <h1 id="register-heading"><?cs var:Lang.Auth.register_heading ?></h1>
  <p class="lead"><?cs var:Lang.Auth.register_intro ?></p>
  <?cs call:form_error() ?>
  <form method="post" action="/register" class="form"><?cs
    if:Form.next && Form.next != "/" ?>
    <input type="hidden" name="next" value="<?cs var:Form.next ?>"><?cs
    /if ?>
    <?cs call:csrf() ?>
    <div class="field-row">
      <div class="field">
        <label for="first_name"><?cs var:Lang.Auth.first_name ?></label>
        <input type="text" id="first_name" name="first_name" value="<?cs var:Form.first_name ?>" required maxlength="100" autocomplete="given-name"<?cs call:described("first_name", "first_name", "") ?>>
        <?cs call:field_error("first_name", "first_name") ?>
      </div>
      <div class="field">
        <label for="last_name"><?cs var:Lang.Auth.last_name ?></label>
        <input type="text" id="last_name" name="last_name" value="<?cs var:Form.last_name ?>" required maxlength="100" autocomplete="family-name"<?cs call:described("last_name", "last_name", "") ?>>
        <?cs call:field_error("last_name", "last_name") ?>
      </div>
    </div>
    <div class="field field-short">
      <label for="age"><?cs var:Lang.Auth.age ?></label>
      <input type="number" id="age" name="age" value="<?cs var:Form.age ?>" required min="1" max="120" step="1" inputmode="numeric"<?cs call:described("age", "age", "") ?>>
      <?cs call:field_error("age", "age") ?>
    </div>
    <div class="field">
      <label for="email"><?cs var:Lang.Auth.email ?></label>
      <input type="email" id="email" name="email" value="<?cs var:Form.email ?>" required maxlength="254" autocomplete="email" spellcheck="false"<?cs call:described("email", "email", "") ?>>
      <?cs call:field_error("email", "email") ?>
    </div>
    <div class="field">
      <label for="password"><?cs var:Lang.Auth.password ?></label>
      <input type="password" id="password" name="password" required minlength="10" maxlength="200" autocomplete="new-password" data-toggle-show="<?cs var:Lang.Form.show_password ?>" data-toggle-hide="<?cs var:Lang.Form.hide_password ?>"<?cs call:described("password", "password", "password-hint") ?>>
      <p class="hint" id="password-hint"><?cs var:Lang.Auth.password_hint ?></p>
      <?cs call:field_error("password", "password") ?>
    </div>
    <details class="organiser"<?cs if:Form.organiser_code || Errors.organiser_code ?> open<?cs /if ?>>
      <summary><?cs var:Lang.Auth.organiser_summary ?></summary>
      <div class="field">
        <label for="organiser_code"><?cs var:Lang.Auth.organiser_code ?> <span class="optional">(<?cs var:Lang.Form.optional ?>)</span></label>
        <input type="text" id="organiser_code" name="organiser_code" value="<?cs var:Form.organiser_code ?>" maxlength="100" autocomplete="off" spellcheck="false"<?cs call:described("organiser_code", "organiser_code", "organiser_code-hint") ?>>
        <p class="hint" id="organiser_code-hint"><?cs var:Lang.Auth.organiser_hint ?></p>
        <?cs call:field_error("organiser_code", "organiser_code") ?>
      </div>
    </details>
    <div class="form-actions">
      <button type="submit" class="btn btn-primary btn-wide"><?cs var:Lang.Auth.register_button ?></button>
    </div>
  </form>
  <p class="form-alt"><?cs var:Lang.Auth.have_account ?> <a href="/login"><?cs var:Lang.Auth.login_link ?></a></p>
</section>
<?cs include:"layout_foot.cs" ?>
