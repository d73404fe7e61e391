<?cs # The end of every HTML mail, after its signature. ?></td></tr>
</table>
</td></tr>
</table>
</body>
</html>
