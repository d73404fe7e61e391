<?cs var:Lang.Mail.Greeting ?><?cs if:Mail.Name ?>, <?cs var:Mail.Name ?><?cs /if ?>!

<?cs var:Lang.Mail.EmailChanging.Body ?> <?cs var:Mail.NewEmail ?>

<?cs var:Lang.Mail.EmailChanging.Ignore ?>

<?cs var:Mail.Link ?>

-- 
<?cs var:Lang.Mail.Signature ?>
