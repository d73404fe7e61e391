<?cs include:"layout_head.cs" ?><?cs
# GET/POST /organiser/events/{id}/checkin: door staff type or scan a ticket code. The result panel
# (Checkin.Result: ok | already | invalid | wrong_event | cancelled) is a status region, so a screen
# reader says it without the focus leaving the code field; the field is empty and focused again. ?>
<h1 class="page-title"><?cs var:Lang.Shop.checkin_heading ?></h1><?cs
if:Checkin.Manager == "1" ?><?cs include:"organiser_nav.cs" ?><?cs /if ?>
<p class="lead"><?cs var:Event.Name ?> · <?cs var:Event.StartsLocal ?></p>
<div class="checkin">
  <form method="post" action="/organiser/events/<?cs var:url_escape(Event.Id) ?>/checkin" class="form checkin-form">
    <?cs call:csrf() ?>
    <div class="field">
      <label for="code"><?cs var:Lang.Shop.checkin_code ?></label>
      <input type="text" id="code" name="code" value="" required maxlength="40" autofocus autocomplete="off" autocapitalize="characters" spellcheck="false" inputmode="text" aria-describedby="code-hint">
      <p class="hint" id="code-hint"><?cs var:Lang.Shop.checkin_hint ?></p>
    </div>
    <button type="submit" class="btn btn-primary checkin-button"><?cs var:Lang.Shop.checkin_button ?></button>
  </form>

  <div class="checkin-result<?cs
    if:Checkin.Result == "ok" ?> checkin-ok<?cs
    elif:Checkin.Result == "already" ?> checkin-already<?cs
    elif:Checkin.Result ?> checkin-bad<?cs
    /if ?>" role="status"><?cs
  if:Checkin.Result ?>
    <p class="checkin-verdict"><span class="checkin-icon" aria-hidden="true"><?cs
      if:Checkin.Result == "ok" ?>✓<?cs elif:Checkin.Result == "already" ?>!<?cs else ?>✕<?cs /if ?></span> <?cs
      if:Lang.Shop.Checkin[Checkin.Result] ?><?cs var:Lang.Shop.Checkin[Checkin.Result] ?><?cs else ?><?cs var:Checkin.Result ?><?cs /if ?></p><?cs
    if:Checkin.Result == "already" && Checkin.At ?>
    <p class="checkin-at"><?cs var:Lang.Shop.checkin_at ?> <strong><?cs var:Checkin.At ?></strong></p><?cs
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

  <dl class="figures checkin-figures">
    <div><dt><?cs var:Lang.Shop.checkin_count ?></dt><dd><?cs if:Checkin.Count ?><?cs var:Checkin.Count ?><?cs else ?>0<?cs /if ?></dd></div>
    <div><dt><?cs var:Lang.Shop.checkin_sold ?></dt><dd><?cs if:Checkin.Sold ?><?cs var:Checkin.Sold ?><?cs else ?>0<?cs /if ?></dd></div>
  </dl>
</div>
<?cs include:"layout_foot.cs" ?>
