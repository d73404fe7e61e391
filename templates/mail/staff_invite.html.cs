<?cs set:Mail.Title = Lang.Mail.StaffInvite.Subject ?><?cs include:"mail/html_head.cs" ?>
<p style="margin:0 0 16px;"><?cs var:Lang.Mail.Greeting ?><?cs if:Mail.Name ?>, <?cs var:Mail.Name ?><?cs /if ?>!</p>
<p style="margin:0 0 20px;"><?cs var:Lang.Mail.StaffInvite.Body ?></p>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="margin:0 0 20px;background-color:#e5f4ea;border-left:5px solid #185c34;border-radius:6px;">
<tr><td style="padding:14px 18px;font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;font-size:16px;line-height:1.5;color:#1b1f24;">
<p style="margin:0 0 6px;font-size:18px;font-weight:bold;color:#185c34;"><?cs var:Mail.Event ?></p>
<p style="margin:0 0 4px;"><span style="color:#4a5360;"><?cs var:Lang.Mail.StaffInvite.When ?>:</span> <?cs var:Mail.When ?></p>
<p style="margin:0 0 4px;"><span style="color:#4a5360;"><?cs var:Lang.Mail.StaffInvite.Role ?>:</span> <?cs if:Mail.Role == "organiser" ?><?cs var:Lang.Mail.StaffInvite.Role_organiser ?><?cs else ?><?cs var:Lang.Mail.StaffInvite.Role_door ?><?cs /if ?></p>
<p style="margin:0;"><span style="color:#4a5360;"><?cs var:Lang.Mail.StaffInvite.By ?>:</span> <?cs var:Mail.By ?></p>
</td></tr>
</table>
<p style="margin:0 0 16px;"><?cs var:Lang.Mail.StaffInvite.SignIn ?> <strong><?cs var:Mail.Address ?></strong></p>
<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:0 0 24px;">
<tr><td style="border-radius:6px;background-color:#0b5a7f;"><a href="<?cs var:Mail.Link ?>" style="display:inline-block;padding:12px 24px;font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;font-size:16px;font-weight:bold;color:#ffffff;text-decoration:none;border-radius:6px;"><?cs var:Lang.Mail.StaffInvite.Button ?></a></td></tr>
</table>
<p style="margin:0 0 8px;"><?cs var:Lang.Mail.StaffInvite.NoAccount ?></p>
<p style="margin:0 0 24px;"><a href="<?cs var:Mail.Register ?>" style="color:#0b5a7f;"><?cs var:Lang.Mail.StaffInvite.RegisterButton ?></a></p>
<p style="margin:0 0 8px;font-size:14px;color:#4a5360;"><?cs var:Lang.Mail.link_hint ?></p>
<p style="margin:0 0 24px;font-size:14px;word-break:break-all;"><a href="<?cs var:Mail.Link ?>" style="color:#0b5a7f;"><?cs var:Mail.Link ?></a></p>
<p style="margin:0 0 16px;font-size:14px;color:#4a5360;"><?cs var:Lang.Mail.Ignore ?></p>
<p style="margin:0;"><?cs var:Lang.Mail.Signature ?></p>
<?cs include:"mail/html_foot.cs" ?>
