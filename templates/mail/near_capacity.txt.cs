<?cs var:Lang.Mail.Greeting ?><?cs if:Mail.Name ?>, <?cs var:Mail.Name ?><?cs /if ?>!

<?cs var:Lang.Mail.NearCapacity.Body ?>

<?cs var:Lang.Mail.NearCapacity.Event ?>: <?cs var:Mail.Event ?>
<?cs var:Lang.Mail.NearCapacity.Sold ?>: <?cs var:Mail.Sold ?> / <?cs var:Mail.Capacity ?> (<?cs var:Mail.Percent ?>%)

<?cs var:Lang.Mail.NearCapacity.Hint ?>
<?cs var:Mail.Link ?>

-- 
<?cs var:Lang.Mail.Signature ?>
