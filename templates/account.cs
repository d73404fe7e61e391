<?cs include:"layout_head.cs" ?>
<h1 class="page-title"><?cs var:Lang.Account.heading ?></h1>
<?cs call:form_error() ?>
<div class="account-grid">
  <section class="panel" aria-labelledby="profile-heading">
    <h2 id="profile-heading"><?cs var:Lang.Account.profile ?></h2>
    <dl class="facts facts-compact">
      <div>
        <dt><?cs var:Lang.Account.email_current ?></dt>
        <dd><?cs var:Account.Email ?><?cs
        if:Account.PendingEmail ?>
          <span class="pending"><?cs var:Lang.Account.email_pending ?> <?cs var:Account.PendingEmail ?></span><?cs
        /if ?></dd>
      </div>
      <div>
        <dt><?cs var:Lang.Account.status ?></dt>
        <dd><?cs if:Account.Verified == 1 ?><span class="badge badge-available"><?cs var:Lang.Account.verified ?></span><?cs else ?><span class="badge badge-last"><?cs var:Lang.Account.not_verified ?></span><?cs /if ?></dd>
      </div>
      <div>
        <dt><?cs var:Lang.Account.role ?></dt>
        <dd><?cs if:Lang.Role[Account.Role] ?><?cs var:Lang.Role[Account.Role] ?><?cs else ?><?cs var:Account.Role ?><?cs /if ?></dd>
      </div>
    </dl>
    <form method="post" action="/account" class="form">
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
      <div class="field-row">
        <div class="field field-short">
          <label for="age"><?cs var:Lang.Auth.age ?></label>
          <input type="number" id="age" name="age" value="<?cs var:Form.age ?>" required min="1" max="120" step="1" inputmode="numeric"<?cs call:described("age", "age", "") ?>>
          <?cs call:field_error("age", "age") ?>
        </div>
        <div class="field">
          <label for="lang"><?cs var:Lang.Account.lang ?></label>
          <select id="lang" name="lang"<?cs call:described("lang", "lang", "") ?>><?cs
          each:l = Langs ?>
            <option value="<?cs var:l.Code ?>" lang="<?cs var:l.Code ?>"<?cs if:(Form.lang && l.Code == Form.lang) || (!Form.lang && l.Code == Page.Lang) ?> selected<?cs /if ?>><?cs var:Lang.LangName[l.Code] ?></option><?cs
          /each ?>
          </select>
          <?cs call:field_error("lang", "lang") ?>
        </div>
      </div>
      <div class="field">
        <label for="email"><?cs var:Lang.Auth.email ?></label>
        <input type="email" id="email" name="email" value="<?cs var:Form.email ?>" required maxlength="254" autocomplete="email" spellcheck="false"<?cs call:described("email", "email", "email-hint") ?>>
        <p class="hint" id="email-hint"><?cs var:Lang.Account.email_hint ?></p>
        <?cs call:field_error("email", "email") ?>
      </div>
      <div class="field">
        <label for="email_password"><?cs var:Lang.Account.email_password ?></label>
        <input type="password" id="email_password" name="email_password" maxlength="200" autocomplete="current-password"<?cs call:described("email_password", "email_password", "") ?>>
        <?cs call:field_error("email_password", "email_password") ?>
      </div>
      <div class="form-actions">
        <button type="submit" class="btn btn-primary"><?cs var:Lang.Account.save ?></button>
      </div>
    </form>
  </section>

  <div class="account-side">
    <section class="panel" aria-labelledby="tickets-heading">
      <h2 id="tickets-heading"><?cs var:Lang.Nav.tickets ?></h2>
      <p><a class="btn" href="/account/tickets"><?cs var:Lang.Account.tickets_link ?></a></p>
    </section>

<?cs include:"account_calendar.cs" ?>

    <section class="panel" aria-labelledby="password-heading">
      <h2 id="password-heading"><?cs var:Lang.Account.password_heading ?></h2>
      <form method="post" action="/account/password" class="form">
        <?cs call:csrf() ?>
        <div class="field">
          <label for="current_password"><?cs var:Lang.Account.current_password ?></label>
          <input type="password" id="current_password" name="current_password" required maxlength="200" autocomplete="current-password"<?cs call:described("current_password", "current_password", "") ?>>
          <?cs call:field_error("current_password", "current_password") ?>
        </div>
        <div class="field">
          <label for="new_password"><?cs var:Lang.Account.new_password ?></label>
          <input type="password" id="new_password" name="new_password" required minlength="10" maxlength="200" autocomplete="new-password" data-toggle-show="<?cs var:Lang.Form.show_password ?>" data-toggle-hide="<?cs var:Lang.Form.hide_password ?>"<?cs call:described("new_password", "new_password", "new_password-hint") ?>>
          <p class="hint" id="new_password-hint"><?cs var:Lang.Auth.password_hint ?></p>
          <?cs call:field_error("new_password", "new_password") ?>
        </div>
        <div class="form-actions">
          <button type="submit" class="btn btn-primary"><?cs var:Lang.Account.change_password ?></button>
        </div>
      </form>
    </section>

    <section class="panel panel-danger" aria-labelledby="delete-heading">
      <h2 id="delete-heading"><?cs var:Lang.Account.danger_heading ?></h2>
      <p id="delete-text"><?cs var:Lang.Account.danger_text ?></p>
      <form method="post" action="/account/delete" class="form" data-confirm="<?cs var:Lang.Account.delete_confirm ?>">
        <?cs call:csrf() ?>
        <div class="field">
          <label for="delete-password"><?cs var:Lang.Account.delete_password ?></label>
          <input type="password" id="delete-password" name="password" required maxlength="200" autocomplete="current-password"<?cs call:described("delete-password", "delete", "") ?>>
          <?cs call:field_error("delete-password", "delete") ?>
        </div>
        <div class="field field-check">
          <input type="checkbox" id="delete-confirm" name="confirm" value="1" required aria-describedby="delete-text">
          <label for="delete-confirm"><?cs var:Lang.Account.confirm ?></label>
        </div>
        <div class="form-actions">
          <button type="submit" class="btn btn-danger"><?cs var:Lang.Account.delete_button ?></button>
        </div>
      </form>
    </section>
  </div>
</div>
<?cs include:"layout_foot.cs" ?>
