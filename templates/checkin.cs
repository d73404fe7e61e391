<?cs include:"layout_head.cs" ?><?cs
# GET/POST /organiser/events/{id}/checkin: door staff type or scan a ticket code, or scan
# with the phone's camera (checkin.js). The result panel (Checkin.Result: ok | already |
# invalid | wrong_event | cancelled) is a status region, so a screen reader says it without
# the focus leaving the code field; the field is empty and focused again. Each verdict has
# an icon and a word besides its colour. ?>
<h1 class="page-title"><?cs var:Lang.Shop.checkin_heading ?></h1><?cs
if:Checkin.Manager == "1" ?><?cs include:"organiser_nav.cs" ?><?cs /if ?>
<p class="lead"><?cs var:Event.Name ?> · <?cs var:Event.StartsLocal ?></p><?cs
if:Checkin.Manager == "1" ?>
<p><a href="/organiser/events/<?cs var:url_escape(Event.Id) ?>/sales"><?cs var:Lang.Door.sales_link ?></a></p><?cs
/if ?>
<div class="checkin" data-event="<?cs var:Event.Id ?>">
  <form method="post" action="/organiser/events/<?cs var:url_escape(Event.Id) ?>/checkin" class="form checkin-form">
    <?cs call:csrf() ?>
    <div class="field">
      <label for="code"><?cs var:Lang.Shop.checkin_code ?></label>
      <input type="text" id="code" name="code" value="" required maxlength="200" autofocus autocomplete="off" autocapitalize="characters" spellcheck="false" inputmode="text" aria-describedby="code-hint">
      <p class="hint" id="code-hint"><?cs var:Lang.Shop.checkin_hint ?></p>
    </div>
    <div class="field">
      <label for="door"><?cs var:Lang.Door.door_label ?></label>
      <input type="text" id="door" name="door" value="<?cs var:Checkin.Door ?>" maxlength="40" autocomplete="off" aria-describedby="door-hint">
      <p class="hint" id="door-hint"><?cs var:Lang.Door.door_hint ?></p>
    </div>
    <button type="submit" class="btn btn-primary checkin-button"><?cs var:Lang.Shop.checkin_button ?></button>
  </form>

  <section class="checkin-camera" aria-labelledby="camera-heading" hidden>
    <h2 id="camera-heading" class="checkin-camera-heading"><?cs var:Lang.Door.camera_heading ?></h2>
    <button type="button" class="btn checkin-camera-start" data-stop="<?cs var:Lang.Door.camera_stop ?>" data-start="<?cs var:Lang.Door.camera_start ?>"><?cs var:Lang.Door.camera_start ?></button>
    <video class="checkin-video" playsinline muted hidden></video>
    <p class="checkin-camera-status hint" data-denied="<?cs var:Lang.Door.camera_denied ?>" data-none="<?cs var:Lang.Door.camera_none ?>" data-scanning="<?cs var:Lang.Door.camera_scanning ?>" data-failed="<?cs var:Lang.Door.network_failed ?>"></p>
  </section>

  <div class="checkin-result<?cs
    if:Checkin.Result == "ok" ?> checkin-ok<?cs
    elif:Checkin.Result == "already" ?> checkin-already<?cs
    elif:Checkin.Result ?> checkin-bad<?cs
    /if ?>" role="status" data-result="<?cs var:Checkin.Result ?>"><?cs
  if:Checkin.Result ?>
    <p class="checkin-verdict"><span class="checkin-icon" aria-hidden="true"><?cs
      if:Checkin.Result == "ok" ?>✓<?cs elif:Checkin.Result == "already" ?>!<?cs else ?>✕<?cs /if ?></span> <?cs
      if:Lang.Shop.Checkin[Checkin.Result] ?><?cs var:Lang.Shop.Checkin[Checkin.Result] ?><?cs else ?><?cs var:Checkin.Result ?><?cs /if ?></p><?cs
    if:Checkin.Result == "already" && Checkin.At ?>
    <p class="checkin-at"><?cs var:Lang.Shop.checkin_at ?> <strong class="checkin-at-time"><?cs var:Checkin.At ?></strong><?cs
      if:Checkin.AtDoor ?> · <?cs var:Lang.Door.at_door ?> <strong class="checkin-at-door"><?cs var:Checkin.AtDoor ?></strong><?cs /if ?></p><?cs
    /if ?><?cs
    if:Checkin.Result == "wrong_event" && Checkin.OtherEvent ?>
    <p class="checkin-at"><?cs var:Lang.Door.ticket_for ?> <a href="/organiser/events/<?cs var:url_escape(Checkin.OtherEventId) ?>/checkin"><strong><?cs var:Checkin.OtherEvent ?></strong></a></p><?cs
    /if ?><?cs
    if:Checkin.Holder || Checkin.Seat || Checkin.CodeGrouped ?>
    <dl class="checkin-facts"><?cs
      if:Checkin.Holder ?>
      <div><dt><?cs var:Lang.Shop.holder ?></dt><dd><?cs var:Checkin.Holder ?></dd></div>
      <div><dt><?cs var:Lang.Shop.seat_label ?></dt><dd><?cs if:Checkin.Seat ?><?cs var:Checkin.Seat ?><?cs else ?><?cs var:Lang.Shop.general_admission ?><?cs /if ?></dd></div><?cs
      /if ?><?cs
      if:Checkin.CodeGrouped ?>
      <div><dt><?cs var:Lang.Shop.code ?></dt><dd class="ticket-code-small"><?cs var:Checkin.CodeGrouped ?></dd></div><?cs
      /if ?>
    </dl><?cs
    /if ?><?cs
  /if ?>
  </div>

  <dl class="figures checkin-figures" aria-live="polite">
    <div><dt><?cs var:Lang.Shop.checkin_count ?></dt><dd class="checkin-count"><?cs if:Checkin.Count ?><?cs var:Checkin.Count ?><?cs else ?>0<?cs /if ?></dd></div>
    <div><dt><?cs var:Lang.Door.expected ?></dt><dd class="checkin-expected"><?cs if:Checkin.Sold ?><?cs var:Checkin.Sold ?><?cs else ?>0<?cs /if ?></dd></div>
  </dl>
</div>
<script src="/static/checkin.js?v=<?cs var:url_escape(Site.AssetVersion) ?>" defer></script>
<?cs include:"layout_foot.cs" ?>
