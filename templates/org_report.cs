<?cs include:"layout_head.cs" ?><?cs
# The figures are counted by the server from tickets and check-ins; only the words are typed.
# The form is offered once the event has ended (the server answers 409 before that). ?><?cs
set:can_write = Event.Ended == 1 && (Event.Status == "published" || Event.Status == "completed") ?>
<h1 class="page-title"><?cs var:Lang.OrgEv.report_heading ?></h1>
<?cs include:"organiser_nav.cs" ?>
<p class="back"><a href="/organiser/events/<?cs var:url_escape(Event.Id) ?>"><span aria-hidden="true">←</span> <?cs var:Lang.OrgEv.back_event ?></a></p>
<?cs call:form_error() ?>
<div class="org-grid org-grid-report">
  <section class="panel org-status" aria-labelledby="figures-heading">
    <h2 id="figures-heading"><?cs var:Event.Name ?></h2>
    <dl class="facts facts-compact">
      <div>
        <dt><?cs var:Lang.OrgEv.when ?></dt>
        <dd><?cs var:Event.StartsLocal ?></dd>
      </div>
      <div>
        <dt><?cs var:Lang.OrgEv.status ?></dt>
        <dd><?cs call:status_badge(Event.Status) ?></dd>
      </div>
    </dl>
    <h3 class="figures-title"><?cs var:Lang.OrgEv.report_figures ?></h3>
    <dl class="figures">
      <div>
        <dt><?cs var:Lang.OrgEv.report_sold ?></dt>
        <dd><?cs if:Report.Sold ?><?cs var:Report.Sold ?><?cs else ?>0<?cs /if ?><?cs if:#Event.Capacity > 0 ?> <span class="figure-of">/ <?cs var:Event.Capacity ?></span><?cs /if ?></dd>
      </div>
      <div>
        <dt><?cs var:Lang.OrgEv.report_attendance ?></dt>
        <dd><?cs if:Report.Attendance ?><?cs var:Report.Attendance ?><?cs else ?>0<?cs /if ?></dd>
      </div>
      <div>
        <dt><?cs var:Lang.OrgEv.report_revenue ?></dt>
        <dd><span class="nowrap"><?cs if:Report.Revenue ?><?cs var:Report.Revenue ?><?cs else ?>0<?cs /if ?> <?cs call:currency(Event.Currency) ?></span></dd>
      </div><?cs
      if:Report.Rent ?>
      <div>
        <dt><?cs var:Lang.Day.report_rent ?></dt>
        <dd><span class="nowrap"><?cs var:Report.Rent ?> <?cs call:currency("KZT") ?></span> <span class="muted">(<?cs var:Report.RentRate ?> <?cs call:currency("KZT") ?> <?cs var:Lang.Venue.per_hour ?> × <?cs var:Report.RentHours ?> <?cs var:Lang.Day.hours ?>)</span></dd>
      </div><?cs
      /if ?>
    </dl>
    <p class="hint" id="figures-note"><?cs var:Lang.OrgEv.report_figures_note ?></p>
  </section>

  <section class="panel org-form" aria-labelledby="report-form-heading">
    <h2 id="report-form-heading"><?cs var:Lang.OrgEv.report_form_heading ?></h2><?cs
    if:Report.Saved == 1 ?>
    <p><span class="badge badge-available"><?cs var:Lang.OrgEv.report_saved_badge ?></span></p><?cs
    /if ?><?cs
    if:can_write ?>
    <form method="post" action="/organiser/events/<?cs var:url_escape(Event.Id) ?>/report" class="form">
      <?cs call:csrf() ?>
      <div class="field">
        <label for="summary"><?cs var:Lang.OrgEv.report_summary ?></label>
        <textarea id="summary" name="summary" rows="8" required maxlength="5000"<?cs call:described("summary", "summary", "summary-hint") ?>><?cs var:Form.summary ?></textarea>
        <p class="hint" id="summary-hint"><?cs var:Lang.OrgEv.report_summary_hint ?></p>
        <?cs call:field_error("summary", "summary") ?>
      </div>
      <div class="field">
        <label for="feedback"><?cs var:Lang.OrgEv.report_feedback ?> <span class="optional">(<?cs var:Lang.Form.optional ?>)</span></label>
        <textarea id="feedback" name="feedback" rows="6" maxlength="5000"<?cs call:described("feedback", "feedback", "feedback-hint") ?>><?cs var:Form.feedback ?></textarea>
        <p class="hint" id="feedback-hint"><?cs var:Lang.OrgEv.report_feedback_hint ?></p>
        <?cs call:field_error("feedback", "feedback") ?>
      </div><?cs
      if:Event.Status != "completed" ?>
      <p class="alert" id="complete-note"><?cs var:Lang.OrgEv.report_completes ?></p><?cs
      /if ?>
      <div class="form-actions">
        <button type="submit" class="btn btn-primary"<?cs if:Event.Status != "completed" ?> aria-describedby="complete-note"<?cs /if ?>><?cs
          if:Report.Saved == 1 ?><?cs var:Lang.OrgEv.report_update ?><?cs else ?><?cs var:Lang.OrgEv.report_save ?><?cs /if ?></button>
      </div>
    </form><?cs
    elif:Event.Status == "cancelled" ?>
    <p class="muted"><?cs var:Lang.OrgEv.report_cancelled ?></p><?cs
    else ?>
    <p class="muted"><?cs var:Lang.OrgEv.report_not_ended ?></p><?cs
    /if ?>
  </section>
</div>
<?cs include:"layout_foot.cs" ?>
