<?cs var:Lang.Mail.Greeting ?><?cs if:Mail.Name ?>, <?cs var:Mail.Name ?><?cs /if ?>!

<?cs var:Lang.Mail.Reminder.Body ?>

<?cs var:Lang.Mail.Tk.Event ?>: <?cs var:Mail.Event ?>
<?cs var:Lang.Mail.Tk.When ?>: <?cs var:Mail.When ?><?cs
if:Mail.Venue ?>
<?cs var:Lang.Mail.Tk.Venue ?>: <?cs var:Mail.Venue ?><?cs
/if ?>

<?cs var:Lang.Mail.Reminder.Tickets ?>:
<?cs each:t = Mail.Tickets ?>
* <?cs var:t.Code ?><?cs if:t.Seat ?> — <?cs var:t.Seat ?><?cs /if ?>
  <?cs var:t.Link ?>
<?cs /each ?>
<?cs var:Lang.Mail.Reminder.Door ?>

<?cs var:Lang.Mail.Reminder.Button ?>:
<?cs var:Mail.Link ?>

-- 
<?cs var:Lang.Mail.Signature ?>

<?cs var:Lang.Mail.Reminder.Off ?> <?cs var:Lang.Mail.Reminder.OffLink ?>:
<?cs var:Mail.OffLink ?>
