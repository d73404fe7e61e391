<?cs # The audit log (Audit.N: who, what, when, before -> after), on the event's and the admin's pages. ?>
  <section class="panel audit" id="audit" aria-labelledby="audit-heading">
    <h2 id="audit-heading"><?cs var:Lang.Day.audit_heading ?></h2><?cs
    if:subcount(Audit) > 0 ?>
    <ol class="audit-list"><?cs
      each:a = Audit ?>
      <li>
        <span class="audit-when nowrap"><?cs var:a.When ?></span>
        <span class="audit-who"><?cs if:a.actor_email ?><?cs var:a.actor_email ?><?cs else ?>—<?cs /if ?></span>
        <span class="audit-what"><?cs if:Lang.Day.Act[a.action] ?><?cs var:Lang.Day.Act[a.action] ?><?cs else ?><?cs var:a.action ?><?cs /if ?><?cs
          if:ShowAuditSubject && a.event_name ?> · <?cs var:a.event_name ?><?cs /if ?><?cs
          if:ShowAuditSubject && a.venue_name ?> · <?cs var:a.venue_name ?><?cs /if ?><?cs
          if:a.target_id ?> #<?cs var:a.target_id ?><?cs /if ?><?cs
          if:a.field ?> · <?cs var:a.field ?><?cs /if ?></span><?cs
        if:a.before_value || a.after_value ?>
        <span class="audit-change"><del><?cs if:a.before_value ?><?cs var:a.before_value ?><?cs else ?>—<?cs /if ?></del> <span aria-label="<?cs var:Lang.Day.changed_to ?>">→</span> <ins><?cs if:a.after_value ?><?cs var:a.after_value ?><?cs else ?>—<?cs /if ?></ins></span><?cs
        /if ?>
      </li><?cs
      /each ?>
    </ol><?cs
    else ?>
    <p class="muted"><?cs var:Lang.Day.audit_none ?></p><?cs
    /if ?>
  </section>
