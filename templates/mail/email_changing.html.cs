<?cs set:Mail.Title = Lang.Mail.EmailChanging.Subject ?><?cs include:"mail/html_head.cs" ?>
<p style="margin:0 0 16px;"><?cs var:Lang.Mail.Greeting ?><?cs if:Mail.Name ?>, <?cs var:Mail.Name ?><?cs /if ?>!</p>
<p style="margin:0 0 16px;"><?cs var:Lang.Mail.EmailChanging.Body ?> <strong><?cs var:Mail.NewEmail ?></strong></p>
<p style="margin:0 0 24px;"><?cs var:Lang.Mail.EmailChanging.Ignore ?></p>
<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:0 0 24px;">
<tr><td style="border-radius:6px;background-color:#0b5a7f;"><a href="<?cs var:Mail.Link ?>" style="display:inline-block;padding:12px 24px;font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;font-size:16px;font-weight:bold;color:#ffffff;text-decoration:none;border-radius:6px;"><?cs var:Lang.Mail.EmailChanging.Button ?></a></td></tr>
</table>
<p style="margin:0 0 8px;font-size:14px;color:#4a5360;"><?cs var:Lang.Mail.link_hint ?></p>
<p style="margin:0 0 24px;font-size:14px;word-break:break-all;"><a href="<?cs var:Mail.Link ?>" style="color:#0b5a7f;"><?cs var:Mail.Link ?></a></p>
<p style="margin:0;"><?cs var:Lang.Mail.Signature ?></p>
<?cs include:"mail/html_foot.cs" ?>
