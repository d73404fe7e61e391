<?cs include:"layout_head.cs" ?>
<section class="panel form-page" aria-labelledby="reset-heading">
  <h1 id="reset-heading"><?cs var:Lang.Auth.reset_heading ?></h1><?cs
  if:Invalid == 1 ?>
  <div class="alert alert-error" role="alert">
    <p><?cs var:Lang.Err.token_invalid ?></p>
  </div>
  <p><a class="btn btn-primary" href="/password/forgot"><?cs var:Lang.Auth.request_new_link ?></a></p><?cs
  else ?>
  <p class="lead"><?cs var:Lang.Auth.reset_intro ?></p>
  <?cs call:form_error() ?>
  <form method="post" action="/password/reset" class="form">
    <?cs call:csrf() ?>
    <input type="hidden" name="token" value="<?cs var:Form.token ?>">
    <div class="field">
      <label for="password"><?cs var:Lang.Auth.new_password ?></label>
      <input type="password" id="password" name="password" required minlength="10" maxlength="200" autocomplete="new-password" data-toggle-show="<?cs var:Lang.Form.show_password ?>" data-toggle-hide="<?cs var:Lang.Form.hide_password ?>"<?cs call:described("password", "password", "password-hint") ?>>
      <p class="hint" id="password-hint"><?cs var:Lang.Auth.password_hint ?></p>
      <?cs call:field_error("password", "password") ?>
    </div>
    <div class="form-actions">
      <button type="submit" class="btn btn-primary btn-wide"><?cs var:Lang.Auth.reset_button ?></button>
    </div>
  </form><?cs
  /if ?>
</section>
<?cs include:"layout_foot.cs" ?>
