<?cs var:Lang.Mail.Greeting ?><?cs if:Mail.Name ?>, <?cs var:Mail.Name ?><?cs /if ?>!

<?cs var:Lang.Mail.SeatChanged.Body ?>

<?cs var:Lang.Mail.Tk.Event ?>: <?cs var:Mail.Event ?>
<?cs var:Lang.Mail.Tk.When ?>: <?cs var:Mail.When ?><?cs
if:Mail.Venue ?>
<?cs var:Lang.Mail.Tk.Venue ?>: <?cs var:Mail.Venue ?><?cs
/if ?>
<?cs var:Lang.Mail.Tk.Code ?>: <?cs var:Mail.Code ?>
<?cs var:Lang.Mail.SeatChanged.NewSeat ?>: <?cs var:Mail.Seat ?>

<?cs var:Lang.Mail.SeatChanged.Calendar ?>

<?cs var:Lang.Mail.SeatChanged.Open ?>
<?cs var:Mail.Link ?>

-- 
<?cs var:Lang.Mail.Signature ?>
