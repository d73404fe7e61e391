</main>
<footer class="site-footer">
  <div class="wrap footer-inner">
    <p class="footer-line"><?cs var:Lang.Footer.line ?></p>
    <nav class="footer-langs" aria-label="<?cs var:Lang.Footer.lang_label ?>">
      <ul><?cs
      each:l = Langs ?>
        <li><form method="post" action="/lang"><?cs call:csrf() ?><input type="hidden" name="back" value="<?cs var:Page.Path ?>"><button type="submit" name="set" value="<?cs var:l.Code ?>" lang="<?cs var:l.Code ?>"<?cs if:l.Code == Page.Lang ?> aria-current="true"<?cs /if ?>><?cs var:Lang.LangName[l.Code] ?></button></form></li><?cs
      /each ?>
      </ul>
    </nav>
  </div>
</footer>
</body>
</html>
