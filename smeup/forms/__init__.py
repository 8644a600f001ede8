"""Form pieces shared by every intake form: zh-Hant fields, the company block, the registry."""
