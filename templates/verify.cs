<?cs include:"layout_head.cs" ?>
<section class="panel form-page" aria-labelledby="verify-heading">
  <h1 id="verify-heading"><?cs var:Lang.Auth.verify_heading ?></h1><?cs
  if:Verify.Ok == 1 ?>
  <div class="alert alert-success" role="status">
    <p><?cs var:Lang.Auth.verify_ok ?></p>
  </div>
  <p><a class="btn btn-primary" href="/"><?cs var:Lang.Auth.continue ?></a></p><?cs
  else ?>
  <div class="alert alert-error" role="alert">
    <p><?cs var:Lang.Err.token_invalid ?></p>
  </div>
  <p><?cs var:Lang.Auth.verify_fail_hint ?></p><?cs
    if:!User.Id ?>
  <p><a class="btn btn-primary" href="/login"><?cs var:Lang.Auth.login_link ?></a></p><?cs
    /if ?><?cs
  /if ?>
</section>
<?cs include:"layout_foot.cs" ?>
