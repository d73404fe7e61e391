<?cs # "Add to calendar" on the event and ticket pages (calendar.c sets the URLs): the
# .ics file for any calendar program, and Google Calendar's own "new event" page. ?><?cs
def:add_to_calendar(google, ics) ?><?cs
  if:ics ?>
<p class="cal-links"><span class="cal-links-label"><?cs var:Lang.Cal.add ?></span>
  <a class="btn btn-small" href="<?cs var:ics ?>"><?cs var:Lang.Cal.ics ?></a><?cs
    if:google ?>
  <a class="btn btn-small" href="<?cs var:google ?>" rel="noopener noreferrer" target="_blank"><?cs var:Lang.Cal.google ?><span class="visually-hidden"> (<?cs var:Lang.Cal.new_window ?>)</span></a><?cs
    /if ?>
</p><?cs
  /if ?><?cs
/def ?>
