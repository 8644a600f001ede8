"""創新加值 補助與獎勵導航: which of SBIR, 新創共創獎勵 and the corporate accelerator fit."""
