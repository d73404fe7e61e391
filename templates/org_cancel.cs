<?cs include:"layout_head.cs" ?>
<h1 class="page-title"><?cs var:Lang.OrgEv.cancel_heading ?></h1>
<?cs include:"organiser_nav.cs" ?>
<div class="form-page form-page-wide">
  <section class="panel panel-danger" aria-labelledby="cancel-heading">
    <h2 id="cancel-heading"><?cs var:Event.Name ?></h2>
    <dl class="facts facts-compact">
      <div>
        <dt><?cs var:Lang.OrgEv.when ?></dt>
        <dd><?cs var:Event.StartsLocal ?></dd>
      </div>
      <div>
        <dt><?cs var:Lang.OrgEv.status ?></dt>
        <dd><?cs call:status_badge(Event.Status) ?></dd>
      </div>
      <div>
        <dt><?cs var:Lang.OrgEv.tickets_sold ?></dt>
        <dd><?cs var:Event.Sold ?></dd>
      </div>
    </dl><?cs
    if:Event.Status == "cancelled" || Event.Status == "completed" ?>
    <p><?cs var:Lang.Err.event_closed ?></p>
    <p><a class="btn" href="/organiser/events/<?cs var:url_escape(Event.Id) ?>"><?cs var:Lang.OrgEv.back_event ?></a></p><?cs
    else ?>
    <div id="cancel-what">
      <p><?cs var:Lang.OrgEv.cancel_intro ?></p>
      <ul class="consequences">
        <li><?cs var:Lang.OrgEv.cancel_tickets ?></li>
        <li><?cs var:Lang.OrgEv.cancel_mail ?></li>
        <li><?cs var:Lang.OrgEv.cancel_shown ?></li>
        <li><?cs var:Lang.OrgEv.cancel_refunds ?></li>
        <li><strong><?cs var:Lang.OrgEv.cancel_final ?></strong></li>
      </ul>
    </div>
    <form method="post" action="/organiser/events/<?cs var:url_escape(Event.Id) ?>/cancel" class="form">
      <?cs call:csrf() ?>
      <div class="field">
        <div class="field-check">
          <input type="checkbox" id="confirm" name="confirm" value="1" required<?cs call:described("confirm", "confirm", "cancel-what") ?>>
          <label for="confirm"><?cs var:Lang.OrgEv.cancel_confirm ?></label>
        </div>
        <?cs call:field_error("confirm", "confirm") ?>
      </div>
      <div class="form-actions">
        <button type="submit" class="btn btn-danger"><?cs var:Lang.OrgEv.cancel_button ?></button>
        <a class="btn" href="/organiser/events/<?cs var:url_escape(Event.Id) ?>"><?cs var:Lang.OrgEv.cancel_keep ?></a>
      </div>
    </form><?cs
    /if ?>
  </section>
</div>
<?cs include:"layout_foot.cs" ?>
