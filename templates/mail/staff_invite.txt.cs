<?cs var:Lang.Mail.Greeting ?><?cs if:Mail.Name ?>, <?cs var:Mail.Name ?><?cs /if ?>!

<?cs var:Lang.Mail.StaffInvite.Body ?>

<?cs var:Lang.Mail.StaffInvite.Event ?>: <?cs var:Mail.Event ?>
<?cs var:Lang.Mail.StaffInvite.When ?>: <?cs var:Mail.When ?>
<?cs var:Lang.Mail.StaffInvite.Role ?>: <?cs if:Mail.Role == "organiser" ?><?cs var:Lang.Mail.StaffInvite.Role_organiser ?><?cs else ?><?cs var:Lang.Mail.StaffInvite.Role_door ?><?cs /if ?>
<?cs var:Lang.Mail.StaffInvite.By ?>: <?cs var:Mail.By ?>

<?cs var:Lang.Mail.StaffInvite.SignIn ?> <?cs var:Mail.Address ?>
<?cs var:Mail.Link ?>

<?cs var:Lang.Mail.StaffInvite.NoAccount ?>
<?cs var:Mail.Register ?>

<?cs var:Lang.Mail.Ignore ?>

-- 
<?cs var:Lang.Mail.Signature ?>
