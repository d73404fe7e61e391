<?cs var:Lang.Mail.Greeting ?><?cs if:Mail.Name ?>, <?cs var:Mail.Name ?><?cs /if ?>!

<?cs var:Lang.Mail.WaitlistOffer.Body ?>

<?cs var:Lang.Mail.WaitlistOffer.Event ?>: <?cs var:Mail.Event ?>
<?cs var:Lang.Mail.WaitlistOffer.When ?>: <?cs var:Mail.When ?>

<?cs var:Lang.Mail.WaitlistOffer.Held ?> <?cs var:Mail.Hours ?> <?cs var:Lang.Mail.WaitlistOffer.HeldAfter ?>

<?cs var:Mail.Link ?>

<?cs var:Lang.Mail.WaitlistOffer.Later ?>

-- 
<?cs var:Lang.Mail.Signature ?>
