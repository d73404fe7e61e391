<?cs include:"layout_head.cs" ?>
<section class="error-page" aria-labelledby="error-heading">
  <p class="error-status"><span class="visually-hidden"><?cs var:Lang.Error.status ?> </span><?cs var:Error.Status ?></p>
  <h1 id="error-heading"><?cs var:Error.Title ?></h1>
  <p class="lead"><?cs var:Error.Text ?></p>
  <p><a class="btn btn-primary" href="/"><?cs var:Lang.Error.home ?></a></p>
</section>
<?cs include:"layout_foot.cs" ?>
