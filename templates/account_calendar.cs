<?cs # /account: the calendar panel (calendar.c cal_account_fill sets Cal.*). ?>
    <section class="panel cal-panel" id="calendar" aria-labelledby="calendar-heading">
      <h2 id="calendar-heading"><?cs var:Lang.Cal.account_heading ?></h2>
      <h3><?cs var:Lang.Cal.feed_heading ?></h3>
      <p id="feed-text"><?cs var:Lang.Cal.feed_text ?></p><?cs
      if:Cal.FeedURL ?>
      <div class="field">
        <label for="feed-https"><?cs var:Lang.Cal.feed_https ?></label>
        <input type="text" id="feed-https" class="feed-url" readonly value="<?cs var:Cal.FeedURL ?>" spellcheck="false" aria-describedby="feed-text">
      </div>
      <div class="field">
        <label for="feed-webcal"><?cs var:Lang.Cal.feed_webcal ?></label>
        <input type="text" id="feed-webcal" class="feed-url" readonly value="<?cs var:Cal.WebcalURL ?>" spellcheck="false">
      </div>
      <p><a class="btn" href="<?cs var:Cal.WebcalURL ?>"><?cs var:Lang.Cal.subscribe ?></a></p>
      <form method="post" action="/account/calendar" class="form" data-confirm="<?cs var:Lang.Cal.new_link_confirm ?>">
        <?cs call:csrf() ?>
        <p class="hint" id="feed-new-hint"><?cs var:Lang.Cal.new_link_hint ?></p>
        <div class="form-actions">
          <button type="submit" class="btn btn-quiet" aria-describedby="feed-new-hint"><?cs var:Lang.Cal.new_link ?></button>
        </div>
      </form><?cs
      else ?>
      <form method="post" action="/account/calendar" class="form">
        <?cs call:csrf() ?>
        <div class="form-actions">
          <button type="submit" class="btn btn-primary"><?cs var:Lang.Cal.make_link ?></button>
        </div>
      </form><?cs
      /if ?>

      <h3><?cs var:Lang.Cal.reminders_heading ?></h3>
      <form method="post" action="/account/reminders" class="form">
        <?cs call:csrf() ?>
        <div class="field field-check">
          <input type="checkbox" id="reminders" name="reminders" value="1"<?cs if:Cal.Reminders == "1" ?> checked<?cs /if ?>>
          <label for="reminders"><?cs var:Lang.Cal.reminders_label ?></label>
        </div>
        <div class="form-actions">
          <button type="submit" class="btn"><?cs var:Lang.Cal.reminders_save ?></button>
        </div>
      </form><?cs

      if:Cal.Google.Enabled == "1" ?>
      <h3><?cs var:Lang.Cal.google_heading ?></h3><?cs
        if:Cal.Google.Status == "connected" ?>
      <p class="gcal-status"><span class="badge badge-available"><?cs var:Lang.Cal.google_connected ?></span> <?cs var:Lang.Cal.google_connected_text ?></p>
      <form method="post" action="/account/google/disconnect" class="form">
        <?cs call:csrf() ?>
        <div class="form-actions">
          <button type="submit" class="btn btn-quiet"><?cs var:Lang.Cal.google_disconnect ?></button>
        </div>
      </form><?cs
        elif:Cal.Google.Status == "revoked" ?>
      <div class="alert alert-error gcal-status" role="status"><p><?cs var:Lang.Cal.google_revoked ?></p></div>
      <p><a class="btn btn-primary" href="/account/google/connect"><?cs var:Lang.Cal.google_reconnect ?></a></p><?cs
        else ?>
      <p id="gcal-text"><?cs var:Lang.Cal.google_text ?></p>
      <p><a class="btn btn-primary" href="/account/google/connect" aria-describedby="gcal-text"><?cs var:Lang.Cal.google_connect ?></a></p><?cs
        /if ?><?cs
      /if ?>
    </section>
