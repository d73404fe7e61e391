<?cs include:"layout_head.cs" ?>
<section class="panel form-page" aria-labelledby="forgot-heading">
  <h1 id="forgot-heading"><?cs var:Lang.Auth.forgot_heading ?></h1><?cs
  if:Sent == 1 ?>
  <div class="alert alert-success" role="status">
    <p><?cs var:Lang.Flash.reset_sent ?></p>
  </div><?cs
  else ?>
  <p class="lead"><?cs var:Lang.Auth.forgot_intro ?></p>
  <?cs call:form_error() ?>
  <form method="post" action="/password/forgot" class="form">
    <?cs call:csrf() ?>
    <div class="field">
      <label for="email"><?cs var:Lang.Auth.email ?></label>
      <input type="email" id="email" name="email" value="<?cs var:Form.email ?>" required maxlength="254" autocomplete="email" spellcheck="false"<?cs call:described("email", "email", "") ?>>
      <?cs call:field_error("email", "email") ?>
    </div>
    <div class="form-actions">
      <button type="submit" class="btn btn-primary btn-wide"><?cs var:Lang.Auth.forgot_button ?></button>
    </div>
  </form><?cs
  /if ?>
  <p class="form-alt"><a href="/login"><?cs var:Lang.Auth.back_to_login ?></a></p>
</section>
<?cs include:"layout_foot.cs" ?>
