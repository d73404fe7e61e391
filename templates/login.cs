<?cs include:"layout_head.cs" ?>
<section class="panel form-page" aria-labelledby="login-heading">
  <h1 id="login-heading"><?cs var:Lang.Auth.login_heading ?></h1>
  <?cs call:form_error() ?>
  <form method="post" action="/login" class="form">
    <?cs call:csrf() ?>
    <input type="hidden" name="next" value="<?cs var:Form.next ?>">
    <div class="field">
      <label for="email"><?cs var:Lang.Auth.email ?></label>
      <input type="email" id="email" name="email" value="<?cs var:Form.email ?>" required maxlength="254" autocomplete="username" spellcheck="false"<?cs call:described("email", "email", "") ?>>
      <?cs call:field_error("email", "email") ?>
    </div>
    <div class="field">
      <label for="password"><?cs var:Lang.Auth.password ?></label>
      <input type="password" id="password" name="password" required maxlength="200" autocomplete="current-password" data-toggle-show="<?cs var:Lang.Form.show_password ?>" data-toggle-hide="<?cs var:Lang.Form.hide_password ?>"<?cs call:described("password", "password", "") ?>>
      <?cs call:field_error("password", "password") ?>
    </div>
    <div class="form-actions">
      <button type="submit" class="btn btn-primary btn-wide"><?cs var:Lang.Auth.login_button ?></button>
    </div>
  </form>
  <p class="form-alt"><a href="/password/forgot"><?cs var:Lang.Auth.forgot_link ?></a></p>
  <p class="form-alt"><?cs var:Lang.Auth.no_account ?> <a href="/register"><?cs var:Lang.Auth.register_link ?></a></p>
  <p class="form-alt"><?cs var:Lang.Auth.guest_tickets ?> <a href="/tickets/find"><?cs var:Lang.Footer.find_tickets ?></a></p>
</section>
<?cs include:"layout_foot.cs" ?>
