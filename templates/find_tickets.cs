<?cs include:"layout_head.cs" ?><?cs
# GET/POST /tickets/find: a guest asks for a link to their tickets. The answer is the same whether
# or not the address bought anything (Sent = 1); tickets are never listed here. ?>
<div class="form-page">
  <h1 class="page-title"><?cs var:Lang.Shop.find_heading ?></h1><?cs
  if:Sent == "1" ?>
  <div class="alert alert-success" role="status"><p><?cs var:Lang.Shop.find_sent ?></p></div>
  <p><a href="/"><?cs var:Lang.Shop.to_events ?></a></p><?cs
  else ?>
  <div class="panel">
    <p><?cs var:Lang.Shop.find_intro ?></p>
    <?cs call:form_error() ?>
    <form method="post" action="/tickets/find" class="form">
      <?cs call:csrf() ?>
      <div class="field">
        <label for="email"><?cs var:Lang.Auth.email ?></label>
        <input type="email" id="email" name="email" value="<?cs var:Form.email ?>" required maxlength="254" autocomplete="email" spellcheck="false"<?cs call:described("email", "email", "") ?>>
        <?cs call:field_error("email", "email") ?>
      </div>
      <div class="form-actions">
        <button type="submit" class="btn btn-primary"><?cs var:Lang.Shop.find_button ?></button>
      </div>
    </form>
    <p class="form-alt"><?cs var:Lang.Shop.find_have_account ?> <a href="/login?next=<?cs var:url_escape("/account/tickets") ?>"><?cs var:Lang.Auth.login_link ?></a></p>
  </div><?cs
  /if ?>
</div>
<?cs include:"layout_foot.cs" ?>
