<?cs var:Lang.Mail.Greeting ?><?cs if:Mail.Name ?>, <?cs var:Mail.Name ?><?cs /if ?>!

<?cs var:Lang.Mail.RegisterExists.Body ?>

<?cs var:Mail.Link ?>

<?cs var:Lang.Mail.Ignore ?>

-- 
<?cs var:Lang.Mail.Signature ?>
