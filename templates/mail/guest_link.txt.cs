<?cs var:Lang.Mail.Greeting ?>!

<?cs var:Lang.Mail.GuestLink.Body ?>

<?cs var:Mail.Link ?>

<?cs var:Lang.Mail.GuestLink.Valid ?>

<?cs var:Lang.Mail.Ignore ?>

-- 
<?cs var:Lang.Mail.Signature ?>
