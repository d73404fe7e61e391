<?cs include:"layout_head.cs" ?><?cs
# GET /reminders/off?k= (the one-click link in every reminder) and POST /reminders/on, its undo. ?>
<section class="panel form-page" aria-labelledby="reminders-heading">
  <h1 id="reminders-heading"><?cs var:Lang.Cal.reminders_heading ?></h1><?cs
  if:Reminders.On == "0" ?>
  <div class="alert alert-success" role="status"><p><?cs var:Lang.Cal.reminders_off_done ?></p></div>
  <form method="post" action="/reminders/on" class="form">
    <?cs call:csrf() ?>
    <input type="hidden" name="k" value="<?cs var:Reminders.Key ?>">
    <p class="hint" id="reminders-undo"><?cs var:Lang.Cal.reminders_undo_hint ?></p>
    <div class="form-actions">
      <button type="submit" class="btn" aria-describedby="reminders-undo"><?cs var:Lang.Cal.reminders_undo ?></button>
    </div>
  </form><?cs
  else ?>
  <div class="alert alert-success" role="status"><p><?cs var:Lang.Cal.reminders_on_done ?></p></div><?cs
  /if ?>
  <p><a href="/"><?cs var:Lang.Cal.to_events ?></a></p>
</section>
<?cs include:"layout_foot.cs" ?>
