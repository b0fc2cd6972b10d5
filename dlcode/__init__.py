"""「ゼロから作るDeep Learning」4章（ニューラルネットワークの学習）のコード。

- ``dlcode.slides``: 元のスライドのコードそのもの（誤りも含めて）
- ``dlcode.losses`` / ``dlcode.diff`` / ``dlcode.gradient`` / ``dlcode.descent``: 入力チェック付きの版
- ``dlcode.network``: スライド最後の 2→3→2→2 ネットワークと、その学習
"""
