/* diagcodes.h - every diagnostic code, once: its enum name, its stable id
 * and its name (a pipeline matches on the id).  diag.h makes the enum of
 * it and diag.c the table of ids, so the two cannot drift.  Never renumber
 * or reuse an id; add new codes at the end.
 *
 * Then every message, once: M(name, code, zh, en) is its enum name
 * (enum diag_msg), the code it is reported under, its Chinese text (the
 * default) and its English one (--lang en).  Both are printf formats
 * taking the same arguments in the same order (tests/test_diag.c checks
 * every pair, since the compiler cannot see a format in a table).
 * Chinese: plain words, and say what was expected.
 *
 * Included with X or M (or both) defined; no include guard on purpose. */
#ifndef X
#define X(name, id, text)
#define VC_DIAGCODES_NO_X
#endif
#ifndef M
#define M(name, code, zh, en)
#define VC_DIAGCODES_NO_M
#endif
X(DC_NONE, "", "")
X(DC_IO, "E001", "cannot-read")
X(DC_NOT_FILE, "E002", "not-a-file")
X(DC_TOO_LARGE, "E003", "too-large")
X(DC_ENCODING, "E004", "encoding")
X(DC_SYNTAX, "E005", "yaml-syntax")
X(DC_EMPTY_FILE, "E006", "empty-file")
X(DC_MULTI_DOC, "E007", "multiple-documents")
X(DC_ALIAS, "E008", "alias")
X(DC_TOO_DEEP, "E009", "too-deep")
X(DC_NUL, "E010", "nul-character")
X(DC_DUP_KEY, "E011", "duplicate-key")
X(DC_UNKNOWN_KEY, "E012", "unknown-key")
X(DC_COMPLEX_KEY, "E013", "complex-key")
X(DC_SHAPE, "E014", "wrong-shape")
X(DC_NO_HEADER, "E015", "no-header")
X(DC_MISSING_FIELD, "E016", "missing-field")
X(DC_EMPTY_FIELD, "E017", "empty-field")
X(DC_NOT_INT, "E018", "not-a-whole-number")
X(DC_NOT_NUMBER, "E019", "not-a-number")
X(DC_NOT_BOOL, "E020", "not-a-boolean")
X(DC_BAD_DATE, "E021", "bad-date")
X(DC_DATE_YEAR, "E022", "date-outside-year")
X(DC_NOT_ALLOWED, "E023", "value-not-allowed")
X(DC_BELOW_MIN, "E024", "below-minimum")
X(DC_ABOVE_MAX, "E025", "above-maximum")
X(DC_BAD_MONTH, "E026", "bad-month")
X(DC_DUP_MONTH, "E027", "duplicate-month")
X(DC_DUP_ENTRY, "E028", "duplicate-entry")
X(DC_DUP_ID, "E030", "duplicate-id")
X(DC_PARENT_MISSING, "E031", "parent-missing")
X(DC_PARENT_TIER, "E032", "parent-wrong-tier")
X(DC_PARENT_CYCLE, "E033", "parent-cycle")
X(DC_YEAR, "E034", "year-mismatch")
X(DC_MISSING_FILE, "E035", "missing-submission")
X(DC_STATED, "W101", "stated-total-mismatch")
X(DC_PACK, "R001", "rule-pack")
X(DC_TOO_LONG, "E036", "value-too-long")
X(DC_TOO_MANY, "E037", "too-many-entries")
X(DC_UNKNOWN_RULE, "E038", "unknown-rule")
X(DC_UNKNOWN_VENUE, "E039", "unknown-venue")
X(DC_WAIVER_UNUSED, "W102", "waiver-not-needed")
X(DC_WAIVER_EXPIRED, "W103", "waiver-expired")
X(DC_WORKBOOK, "E040", "bad-workbook")
X(DC_LEGACY, "E041", "legacy-workbook")
X(DC_BASELINE, "E042", "not-a-report")
X(DC_BASELINE_VERSION, "E043", "report-version")

/* ---- messages ---- */
M(DM_NONE, DC_NONE, "", "")

/* Words a message quotes (%W, diag_word): no arguments, no code. */
M(DW_NOTHING, DC_NONE, "空", "nothing")
M(DW_SCALAR, DC_NONE, "单个值", "single value")
M(DW_LIST, DC_NONE, "列表", "list")
M(DW_MAPPING, DC_NONE, "映射（键: 值）", "mapping")
M(DW_IS_DIR, DC_NONE, "是一个目录，不是场馆数据文件", "is a directory, not a venue file")
M(DW_NOT_REGULAR, DC_NONE, "不是普通文件", "is not a regular file")
M(DW_ENTRY, DC_NONE, "%s 第 %zu 条", "%s entry %zu")
M(DW_DECLARED_TIER, DC_NONE, "declared，不是本层级的定性条款",
  "declared (not a qualitative clause of this tier)")
M(DW_TOP_LEVEL, DC_NONE, "文件顶层", "the top level")
M(DW_FIELD_DEF, DC_NONE, "字段定义", "a field definition")
M(DW_LEDGER_DEF, DC_NONE, "台账定义", "a ledger definition")
M(DW_DATA, DC_NONE, "data", "data")
M(DW_NEEDS_EXTENDS, DC_NONE,
  "用于修改基础规则包的规则，需要先写“extends:”",
  "changes the rules of a base pack: it needs 'extends:'")
M(DW_INHERITED, DC_NONE,
  "继承自基础规则包，扩展其他包的规则包不能修改它",
  "is inherited from the base pack; a pack that extends another cannot change it")
M(DW_OVERRIDE_EXAMPLE, DC_NONE, "{threshold: ..., severity: ...}",
  "{threshold: ..., severity: ...}")
M(DW_REASON, DC_NONE, "理由", "the reason")
M(DW_ANCESTOR, DC_NONE, "祖先", "ancestor")
M(DW_PARENT, DC_NONE, "上级", "parent")
M(DW_NO_THRESHOLD, DC_NONE, "没有阈值（declared）", "no threshold (declared)")
M(DW_SEVERAL_CHECKS, DC_NONE, "有多项检查", "several checks")
M(DW_STANDARD, DC_NONE, "standard", "standard")
M(DW_TIER, DC_NONE, "层级定义", "a tier")
M(DW_CHECK, DC_NONE, "check", "a check")
M(DW_RULE, DC_NONE, "规则", "a rule")
M(DW_GRADE, DC_NONE, "等级定义", "a grade")
M(DW_MEASURE, DC_NONE, "计算量", "a measure")
M(DW_MONO_UP, DC_NONE, "较高的等级要求不能更少", "a better grade cannot need less")
M(DW_MONO_DOWN, DC_NONE, "较高的等级上限不能更宽", "a better grade cannot allow more")
M(DW_OVERRIDE, DC_NONE, "override 项", "an override")
M(DW_THE_PACK, DC_NONE, "规则包", "the rule pack")
M(DW_EXTENDING_PACK, DC_NONE, "扩展其他包的规则包", "a pack that extends another")
M(DW_WAIVER, DC_NONE, "豁免", "a waiver")
M(DW_CELL, DC_NONE, "单元格", "cell")
M(DW_RULE_PASSES, DC_NONE, "已通过", "passes")
M(DW_RULE_NA, DC_NONE, "不适用", "does not apply")
M(DW_RULE_BATCH, DC_NONE, "需要整批检查", "needs the batch")
/* The system's reasons (diag_errno; the English is strerror's). */
M(DW_ENOENT, DC_NONE, "文件或目录不存在", "No such file or directory")
M(DW_EACCES, DC_NONE, "没有访问权限", "Permission denied")
M(DW_EPERM, DC_NONE, "不允许该操作", "Operation not permitted")
M(DW_EISDIR, DC_NONE, "这是一个目录", "Is a directory")
M(DW_ENOTDIR, DC_NONE, "路径中有一部分不是目录", "Not a directory")
M(DW_ENOSPC, DC_NONE, "磁盘空间不足", "No space left on device")
M(DW_EROFS, DC_NONE, "文件系统是只读的", "Read-only file system")
M(DW_EDQUOT, DC_NONE, "超出了磁盘配额", "Disk quota exceeded")
M(DW_ENAMETOOLONG, DC_NONE, "文件名太长", "File name too long")
M(DW_ELOOP, DC_NONE, "符号链接层数太多", "Too many levels of symbolic links")
M(DW_EMFILE, DC_NONE, "打开的文件太多", "Too many open files")
M(DW_EIO, DC_NONE, "输入/输出错误", "Input/output error")
M(DW_EFBIG, DC_NONE, "文件太大", "File too large")
M(DW_EXPR_AGG_PAREN, DC_NONE, "汇总函数后的“(”", "'(' after aggregate")
M(DW_EXPR_ARROW, DC_NONE,
  "“->”和要汇总的值，如 min(t in trainings -> t.participants)",
  "'->' and the value to aggregate, as in min(t in trainings -> t.participants)")
M(DW_EXPR_COMMA_OR_RB, DC_NONE, "“,”或“]”", "',' or ']'")
/* libyaml's words for a syntax error (doc.c maps its English onto them). */
M(DW_Y_MAP_VALUES, DC_NONE, "这里不能写“键: 值”（多半是缩进不对，或值里有未加引号的冒号）",
  "mapping values are not allowed in this context")
M(DW_Y_MAP_KEYS, DC_NONE, "这里不能写键（多半是缩进不对）",
  "mapping keys are not allowed in this context")
M(DW_Y_SEQ_ENTRIES, DC_NONE, "这里不能开始列表项“- ”（多半是缩进不对）",
  "block sequence entries are not allowed in this context")
M(DW_Y_EXPECTED_KEY, DC_NONE, "没有找到应有的键（多半是缩进没有对齐）",
  "did not find expected key")
M(DW_Y_EXPECTED_DASH, DC_NONE, "没有找到应有的列表项“- ”（多半是缩进没有对齐）",
  "did not find expected '-' indicator")
M(DW_Y_EXPECTED_COLON, DC_NONE, "没有找到应有的冒号“:”",
  "could not find expected ':'")
M(DW_Y_EXPECTED_CONTENT, DC_NONE, "缺少应有的内容",
  "did not find expected node content")
M(DW_Y_EXPECTED_SEQ_END, DC_NONE, "没有找到应有的“,”或“]”",
  "did not find expected ',' or ']'")
M(DW_Y_EXPECTED_MAP_END, DC_NONE, "没有找到应有的“,”或“}”",
  "did not find expected ',' or '}'")
M(DW_Y_BAD_CHAR, DC_NONE, "遇到不能出现在这里的字符（如制表符 Tab、“@”或“`”）",
  "found character that cannot start any token")
M(DW_Y_TAB_INDENT, DC_NONE, "缩进里有制表符 Tab，请改用空格",
  "found a tab character that violates indentation")
M(DW_Y_TAB_SPACE, DC_NONE, "缩进里有制表符 Tab，请改用空格",
  "found a tab character where an indentation space is expected")
M(DW_Y_END, DC_NONE, "文件意外结束（引号或括号没有闭合）",
  "found unexpected end of stream")
M(DW_Y_ESCAPE, DC_NONE, "双引号里有无法识别的转义符“\\”",
  "found unknown escape character")
M(DW_Y_COLON, DC_NONE, "这里不能有冒号“:”",
  "found unexpected ':'")
M(DW_Y_UNDEF_ALIAS, DC_NONE, "别名没有定义",
  "found undefined alias")
M(DW_Y_DOC_INDICATOR, DC_NONE, "这里不能有文档分隔符（“---”或“...”）",
  "found unexpected document indicator")
M(DW_Y_CONTROL, DC_NONE, "不能有控制字符",
  "control characters are not allowed")
M(DW_Y_UTF8_LEAD, DC_NONE, "不是有效的 UTF-8 字节",
  "invalid leading UTF-8 octet")
M(DW_Y_UTF8_TRAIL, DC_NONE, "不是有效的 UTF-8 字节",
  "invalid trailing UTF-8 octet")
M(DW_Y_UTF8_LEN, DC_NONE, "不是有效的 UTF-8 字节序列",
  "invalid length of a UTF-8 sequence")
M(DW_Y_UTF8_INCOMPLETE, DC_NONE, "UTF-8 字节序列不完整",
  "incomplete UTF-8 octet sequence")
M(DW_Y_UNICODE, DC_NONE, "无效的 Unicode 字符",
  "invalid Unicode character")
M(DW_Y_IN_SIMPLE_KEY, DC_NONE, "读取键时",
  "while scanning a simple key")
M(DW_Y_IN_BLOCK_MAP, DC_NONE, "读取映射时",
  "while parsing a block mapping")
M(DW_Y_IN_BLOCK_COLL, DC_NONE, "读取列表时",
  "while parsing a block collection")
M(DW_Y_IN_FLOW_SEQ, DC_NONE, "读取方括号列表 [...] 时",
  "while parsing a flow sequence")
M(DW_Y_IN_FLOW_MAP, DC_NONE, "读取花括号映射 {...} 时",
  "while parsing a flow mapping")
M(DW_Y_IN_QUOTED, DC_NONE, "读取带引号的文本时",
  "while scanning a quoted scalar")
M(DW_Y_IN_PLAIN, DC_NONE, "读取文本时",
  "while scanning a plain scalar")
M(DW_Y_IN_BLOCK_SCALAR, DC_NONE, "读取多行文本时",
  "while scanning a block scalar")
M(DW_Y_IN_NODE, DC_NONE, "读取内容时",
  "while parsing a block node")
M(DW_Y_IN_FLOW_NODE, DC_NONE, "读取内容时",
  "while parsing a flow node")
M(DW_Y_IN_ALIAS, DC_NONE, "读取别名时",
  "while scanning an alias")
M(DW_Y_IN_ANCHOR, DC_NONE, "读取锚点时",
  "while scanning an anchor")
M(DW_Y_IN_TOKEN, DC_NONE, "读取下一项时",
  "while scanning for the next token")
M(DW_Y_IN_TAG, DC_NONE, "读取标签时",
  "while scanning a tag")
M(DW_Y_IN_DIRECTIVE, DC_NONE, "读取指令时",
  "while scanning a directive")

/* doc.c */
M(DM_GBK, DC_ENCODING,
  "文件不是 UTF-8 编码，看起来是 GBK/GB18030（中文办公软件常这样保存）；请另存为 UTF-8（WPS 或记事本：另存为 UTF-8），或用 'iconv -f GB18030 -t UTF-8 in.yaml > out.yaml' 转换",
  "the file is not UTF-8: it looks like GBK/GB18030, as saved by Chinese office software; save it as UTF-8 (in WPS or Notepad: 另存为 UTF-8), or convert it with 'iconv -f GB18030 -t UTF-8 in.yaml > out.yaml'")
M(DM_BAD_UTF8, DC_ENCODING,
  "%W（第 %zu 字节）：文件必须是 UTF-8 编码",
  "%W (byte %zu): files must be UTF-8")
M(DM_YAML_SYNTAX_IN, DC_SYNTAX,
  "YAML 格式错误：%W（%W，始于第 %d 行）",
  "YAML syntax: %W %W (line %d)")
M(DM_YAML_SYNTAX, DC_SYNTAX,
  "YAML 格式错误：%W",
  "YAML syntax: %W")
M(DM_VALUE_TOO_LONG, DC_TOO_LONG,
  "值长 %zu 字节，超过上限 %zu 字节（可用 --limit value-size=N 放宽）",
  "a value of %zu bytes; values are limited to %zu bytes (--limit value-size=N raises it)")
M(DM_NUL_CHAR, DC_NUL,
  "文本里有 NUL 字符",
  "text contains a NUL character")
M(DM_LIST_TOO_LONG, DC_TOO_MANY,
  "列表超过 %zu 项（可用 --limit entries=N 放宽）",
  "a list of more than %zu entries (--limit entries=N raises it)")
M(DM_DUP_KEY, DC_DUP_KEY,
  "键“%s”重复了（第一次写在第 %d 行）",
  "duplicate key '%s' (first given at line %d)")
M(DM_COMPLEX_KEY, DC_COMPLEX_KEY,
  "键必须是普通文字，不能是%W",
  "a key must be plain text, not a %W")
M(DM_MAP_TOO_BIG, DC_TOO_MANY,
  "一个映射里的键超过 %zu 个",
  "a mapping of more than %zu keys")
M(DM_TOO_DEEP, DC_TOO_DEEP,
  "嵌套超过 %d 层",
  "nesting deeper than %d levels")
M(DM_ALIAS, DC_ALIAS,
  "不支持 YAML 别名（*name），请把值直接写出来",
  "YAML aliases (*name) are not supported; write the value out")
M(DM_YAML_EVENT, DC_SYNTAX,
  "YAML 内容无法识别",
  "unexpected YAML event")
M(DM_MULTI_DOC, DC_MULTI_DOC,
  "文件里有不止一个 YAML 文档；每个文件只写一个场馆",
  "more than one YAML document; put one venue in each file")
M(DM_EMPTY_FILE, DC_EMPTY_FILE,
  "文件是空的",
  "the file is empty")
M(DM_BOM, DC_ENCODING,
  "文件是 %s 编码（以该字节顺序标记开头）；文件必须是 UTF-8：可用 'iconv -f %s -t UTF-8 in.yaml > out.yaml' 转换",
  "the file is %s (it starts with that byte-order mark); files must be UTF-8: convert it with 'iconv -f %s -t UTF-8 in.yaml > out.yaml'")
M(DM_NUL_BYTE, DC_ENCODING,
  "第 %zu 字节是 NUL：文件是 UTF-16 或二进制文件，不是 UTF-8 文本",
  "a NUL byte (byte %zu): the file is UTF-16 or binary, not UTF-8 text")
M(DM_CANNOT_OPEN, DC_IO,
  "无法打开：%W",
  "cannot open: %W")
M(DM_CANNOT_READ, DC_IO,
  "无法读取：%W",
  "cannot read: %W")
M(DM_NOT_FILE, DC_NOT_FILE,
  "%W",
  "%W")
M(DM_FILE_TOO_LARGE, DC_TOO_LARGE,
  "文件有 %lld 字节，超过上限 %zu 字节（可用 --limit file-size=N 放宽）",
  "file of %lld bytes is over the limit of %zu bytes (--limit file-size=N raises it)")
M(DM_READ_ERROR, DC_IO,
  "读取出错",
  "read error")
M(DM_SPILL_LOST, DC_IO,
  "检查结果无法从临时文件读回，请重新检查",
  "its results could not be read back from the temporary file: check it again")
M(DM_UNKNOWN_KEY_HINT, DC_UNKNOWN_KEY,
  "未知的键“%s”（不属于%W；是否想写“%s”？）",
  "unknown key '%s' in %W (did you mean '%s'?)")
M(DM_UNKNOWN_KEY, DC_UNKNOWN_KEY,
  "未知的键“%s”（不属于%W）",
  "unknown key '%s' in %W")
M(DM_MORE_UNKNOWN, DC_UNKNOWN_KEY,
  "另有 %zu 个未知的键（不属于%W）",
  "%zu more unknown keys in %W")

/* schema.c: messages with phrases */
M(DM_EXAMPLE_BAD, DC_PACK,
  "示例值不符合它的字段：%W",
  "the example does not fit its field: %W")
M(DM_SHAPE_RECORD, DC_SHAPE,
  "%W：应填“键: 值”的映射，填写的是%W",
  "%W: expected a mapping of key: value, found a %W")
M(DM_MISSING_FIELD, DC_MISSING_FIELD,
  "%W：缺少必填项“%s”",
  "%W: required field '%s' is missing")
M(DM_EMPTY_FIELD, DC_EMPTY_FIELD,
  "%W：必填项“%s”是空的",
  "%W: required field '%s' is empty")
M(DM_DUP_ENTRY, DC_DUP_ENTRY,
  "%s 第 %zu 条与第 %zu 条（第 %d 行）重复：%W",
  "%s entry %zu repeats entry %zu (line %d): %W")
M(DM_NEGATIVE, DC_BELOW_MIN,
  "%s：%s 小于最小值 %g（数量不能是负数）",
  "%s: %s is below the minimum %g (counts cannot be negative)")
M(DM_BELOW_MIN, DC_BELOW_MIN,
  "%s：%s 小于最小值 %g",
  "%s: %s is below the minimum %g")
/* schema.c */
M(DM_VALUES_LIST, DC_PACK,
  "字段“%s”：values 必须是非空的列表",
  "field '%s': values must be a non-empty list")
M(DM_VALUES_TEXT, DC_PACK,
  "字段“%s”：每个取值都必须是文字",
  "field '%s': each value must be text")
M(DM_MINMAX_NUM, DC_PACK,
  "字段“%s”：min 和 max 必须是数字",
  "field '%s': min and max must be numbers")
M(DM_RETIRED_MAP, DC_PACK,
  "字段“%s”：retired 必须把每个旧词对应到应改写成的内容",
  "field '%s': retired must map each old word to what to write instead")
M(DM_RETIRED_TEXT, DC_PACK,
  "字段“%s”：retired 中的“%s”需要一段说明文字",
  "field '%s': retired '%s' needs a text")
M(DM_FIELD_MAP, DC_PACK,
  "字段“%s”必须是映射，如 {type: int}",
  "field '%s' must be a mapping such as {type: int}")
M(DM_FIELD_TYPE, DC_PACK,
  "字段“%s”：type 必须是 int、number、bool、text、date、enum、tags 之一",
  "field '%s': type must be one of int, number, bool, text, date, enum, tags")
M(DM_MAX_BELOW_MIN, DC_PACK,
  "字段“%s”：max %g 小于 min %g，任何值都无法通过",
  "field '%s': max %g is below min %g; no value could be valid")
M(DM_BLOCK_MAP, DC_PACK,
  "“%s”必须是字段定义的映射",
  "'%s' must be a mapping of field definitions")
M(DM_FIELD_BUILTIN, DC_PACK,
  "字段“%s”是内置字段",
  "field '%s' is built in")
M(DM_UNIQUE_FIELD, DC_PACK,
  "台账“%s”：unique 中的“%s”不是它的字段",
  "ledger '%s': unique names '%s', which is not one of its fields")
M(DM_UNIQUE_LIST, DC_PACK,
  "台账“%s”：unique 必须是字段的列表，或字段列表的列表",
  "ledger '%s': unique must be a list of fields or of lists of fields")
M(DM_BLOCK_TWICE, DC_PACK,
  "块“%s”定义了两次，或与内置块同名",
  "block '%s' defined twice or built in")
M(DM_COUNTED_BY, DC_PACK,
  "台账“%s”：counted_by 必须指向 venue 或 facts 的数字字段，如 venue.villages",
  "ledger '%s': counted_by must name a number field of venue or facts, such as venue.villages")
M(DM_MAX_REF, DC_PACK,
  "字段“%s”：max %s.%s 必须是 venue 或 facts 的数字字段，而且只有 venue 或 facts 的字段可以这样引用",
  "field '%s': max %s.%s must be a number field of venue or facts, and only a venue or facts field may name one")
M(DM_MUST_MAP, DC_PACK,
  "“%s”必须是映射",
  "'%s' must be a mapping")
M(DM_RETIRED_VALUE, DC_NOT_ALLOWED,
  "%s：“%s”已不再使用：%s",
  "%s: '%s' is no longer used: %s")
/* The list (%W) names each value by its label first in Chinese (演出
 * （performance）), by its code first in English. */
M(DM_NOT_ALLOWED_HINT, DC_NOT_ALLOWED,
  "%s：不能填“%s”（是否想写“%s”？）；可填：%W",
  "%s: '%s' is not allowed (did you mean '%s'?); expected one of: %W")
M(DM_NOT_ALLOWED, DC_NOT_ALLOWED,
  "%s：不能填“%s”；可填：%W",
  "%s: '%s' is not allowed; expected one of: %W")
M(DM_ABOVE_MAX, DC_ABOVE_MAX,
  "%s：%s 超过了最大值 %g",
  "%s: %s is above the maximum %g")
M(DM_SHAPE_SINGLE, DC_SHAPE,
  "%s：应填单个值，填写的是%W",
  "%s: expected a single value, found a %W")
M(DM_NOT_INT, DC_NOT_INT,
  "%s：应填整数，填写的是“%s”",
  "%s: expected a whole number, found '%s'")
M(DM_NUM_RANGE, DC_NOT_NUMBER,
  "%s：%s 超出了数字的范围（绝对值约从 4.9e-324 到 1.8e308，或为 0）",
  "%s: %s is beyond the range of numbers (magnitudes from about 4.9e-324 to 1.8e308, or 0)")
M(DM_NOT_NUMBER, DC_NOT_NUMBER,
  "%s：应填数字，填写的是“%s”",
  "%s: expected a number, found '%s'")
M(DM_NOT_BOOL, DC_NOT_BOOL,
  "%s：应填 true 或 false，填写的是“%s”",
  "%s: expected true or false, found '%s'")
M(DM_BAD_DATE, DC_BAD_DATE,
  "%s：日期应写作 YYYY-MM-DD（如 2024-03-15），填写的是“%s”",
  "%s: expected a date as YYYY-MM-DD, found '%s'")
M(DM_DATE_YEAR, DC_DATE_YEAR,
  "%s：%s 不在本文件的年度（%d 年）内",
  "%s: %s is outside the file's year %d")
M(DM_SHAPE_TAGS, DC_SHAPE,
  "%s：应填列表，如 [%s]，填写的是%W",
  "%s: expected a list such as [%s], found a %W")
M(DM_TAG_WORD, DC_SHAPE,
  "%s：每个标签都必须是单个词",
  "%s: each tag must be a single word")
M(DM_SHAPE_LEDGER, DC_SHAPE,
  "%s：应填条目的列表（每条以“- ”开头），填写的是%W",
  "%s: expected a list of entries (each starting with '- '), found a %W")
M(DM_SHAPE_MONTHLY, DC_SHAPE,
  "%s：应以月份 1 到 12 为键，如“1: 12”",
  "%s: expected months 1 to 12 as keys, such as '1: 12'")
M(DM_BAD_MONTH, DC_BAD_MONTH,
  "%s：“%s”不是月份，请写 1 到 12",
  "%s: '%s' is not a month; use 1 to 12")
M(DM_DUP_MONTH, DC_DUP_MONTH,
  "%s：%d 月填了两次",
  "%s: month %d given twice")
M(DM_SHAPE_DECLARED, DC_SHAPE,
  "declared：应填映射，如“open.notice: true”",
  "declared: expected a mapping such as 'open.notice: true'")
M(DM_NO_HEADER, DC_NO_HEADER,
  "文件缺少“venue:”表头（id、name、tier、year）",
  "the file has no 'venue:' header (id, name, tier, year)")
M(DM_YEAR_BEFORE, DC_YEAR,
  "venue.year %d 早于标准生效的年份（%d 年），不能按该标准检查本文件",
  "venue.year %d is before the standard took effect (%d): this file cannot be checked against it")
M(DM_PART_EXCEEDS, DC_ABOVE_MAX,
  "%s.%s：%g 大于 %s.%s（%g）：部分不能超过整体",
  "%s.%s: %g is more than %s.%s (%g): a part cannot exceed its whole")
M(DM_STATED_LIST, DC_STATED,
  "%s.%s 填的是 %g，但 %s 列了 %zu 条；以较大的数为准",
  "%s.%s states %g but %s lists %zu; the larger number is required")
M(DM_SHAPE_ROOT, DC_SHAPE,
  "场馆文件必须是带“venue:”表头的映射，填写的是%W",
  "a venue file must be a mapping with a 'venue:' header, found a %W")

/* pack.c: messages with phrases */
M(DM_KEY_REFUSED, DC_PACK, "“%s”%W", "'%s' %W")
M(DM_ID_MAP, DC_PACK,
  "“%s”必须把规则 id 对应到%W",
  "'%s' must map rule ids to %W")
M(DM_TIER_CYCLE, DC_PACK,
  "层级的上级形成循环：层级“%s”是它自己的%W",
  "tier parents form a cycle: tier '%s' is its own %W")
M(DM_OVERRIDE_ONE_CHECK, DC_PACK,
  "规则“%s”%W；只有只含一项检查的规则才能改阈值",
  "rule '%s' has %W; only the threshold of a rule with one check can be overridden")
M(DM_NOT_PACK_MAP, DC_PACK,
  "不是规则包：规则包是含 standard:、tiers:、data: 和 rules:（或 extends:）的 YAML 映射，而本文件的顶层是%W，其中一项都没有",
  "not a rule pack: a pack is a YAML mapping with standard:, tiers:, data: and rules: (or extends:), and this file's top level is a %W without any of them")
M(DM_NOT_PACK, DC_PACK,
  "不是规则包：规则包是含 standard:、tiers:、data: 和 rules:（或 extends:）的 YAML 映射，而本文件的顶层是%W",
  "not a rule pack: a pack is a YAML mapping with standard:, tiers:, data: and rules: (or extends:), and this file's top level is a %W")
M(DM_TIER_MAP, DC_PACK,
  "每个层级都必须是带 id 的映射",
  "each tier must be a mapping with an id")
M(DM_RULE_MAP, DC_PACK,
  "每条规则都必须是映射（id、tier 等）",
  "each rule must be a mapping (id, tier, ...)")
/* pack.c */
M(DM_KEY_SINGLE, DC_PACK,
  "“%s”必须是单个值",
  "'%s' must be a single value")
M(DM_KEY_REQUIRED, DC_PACK,
  "%s：缺少必填的键“%s”",
  "%s: required key '%s' is missing")
M(DM_KEY_EXPR, DC_PACK,
  "“%s”必须是表达式",
  "'%s' must be an expression")
M(DM_EFFECTIVE, DC_PACK,
  "standard：effective 必须是标准生效的年份，如 2015",
  "standard: effective must be the year the standard took effect, such as 2015")
M(DM_PACK_NEEDS_MAP, DC_PACK,
  "规则包需要“%s:”映射（id、title）",
  "the pack needs a '%s:' mapping (id, title)")
M(DM_PACK_NEEDS_LIST, DC_PACK,
  "规则包需要非空的“%s:”列表",
  "the pack needs a non-empty '%s:' list")
M(DM_TIER_TWICE, DC_PACK,
  "层级“%s”列了两次",
  "tier '%s' is listed twice")
M(DM_TIER_PARENT, DC_PACK,
  "上级层级“%s”不是已定义的层级",
  "tier parent '%s' is not a tier")
M(DM_CATEGORIES, DC_PACK,
  "“%s”必须把每个中文类别对应到它的英文名",
  "'%s' must map each Chinese category to its English name")
M(DM_CATEGORY_BASE, DC_PACK,
  "类别“%s”已是基础规则包的类别",
  "category '%s' is already one of the base pack's")
M(DM_THRESHOLD_TEXT, DC_PACK,
  "阈值 %s 是文字，必须是数字或得出数字的表达式",
  "threshold %s is text; it must be a number or an expression giving one")
M(DM_STATED_PATH, DC_PACK,
  "“%s”必须是字段路径，如 facts.large_events",
  "'%s' must be a field path such as facts.large_events")
M(DM_OP, DC_PACK,
  "op“%s”必须是 >= > <= < == 之一",
  "op '%s' must be one of >= > <= < ==")
M(DM_MEASURE_TEXT, DC_PACK,
  "measure %s 是文字，不是数量",
  "measure %s is text, not a quantity")
M(DM_CHECK_MEASURE, DC_PACK,
  "check 需要“%s:”（要比较的值）",
  "a check needs '%s:' (the value to compare)")
M(DM_CHECK_THRESHOLD, DC_PACK,
  "check 需要“%s:”（标准的要求）",
  "a check needs '%s:' (what the standard requires)")
M(DM_CHECKS_LIST, DC_PACK,
  "“%s”必须是非空列表，用来代替 measure/threshold",
  "'%s' must be a non-empty list, used instead of measure/threshold")
M(DM_CHECK_MAP, DC_PACK,
  "每个 check 都必须是含 measure 和 threshold 的映射",
  "each check must be a mapping with measure and threshold")
M(DM_GRADES_LIST, DC_PACK,
  "“grades:”必须是 1 至 %d 个等级的列表，由高到低，每项含 id 和 name",
  "'grades:' must be a list of 1 to %d grades, best first, each with id and name")
M(DM_GRADE_TWICE, DC_PACK,
  "等级“%s”列了两次",
  "grade '%s' is listed twice")
M(DM_GRADE_POINTS, DC_PACK,
  "“%s”必须是数字",
  "'%s' must be a number")
M(DM_GRADE_UNKNOWN, DC_PACK,
  "“%s”不是本规则包的等级（grades: 下的 id 或 name）",
  "'%s' is not a grade of the pack (an id or name under grades:)")
M(DM_GRADE_UNKNOWN_HINT, DC_PACK,
  "“%s”不是本规则包的等级（是否指“%s”？）",
  "'%s' is not a grade of the pack (did you mean '%s'?)")
M(DM_GRADE_COUNT, DC_PACK,
  "分级阈值给出 %zu 个值，但本规则包有 %zu 个等级（每级一个，由高到低）",
  "the per-grade threshold gives %zu values, but the pack has %zu grades (one per grade, best first)")
M(DM_GRADE_NONE, DC_PACK,
  "“%s”只用于分级的规则包：本规则包没有 grades:",
  "'%s' is only for a graded pack: this pack has no grades:")
M(DM_GRADE_MONOTONE, DC_PACK,
  "各等级的阈值不单调：%s 要求 %g，%s 却要求 %g（%W）",
  "the thresholds are not monotone across grades: %s needs %g but %s needs %g (%W)")
M(DM_GRADE_ALL_NULL, DC_PACK,
  "分级阈值没有给任何等级提出要求",
  "the per-grade threshold sets no requirement at any grade")
M(DM_GRADE_BRANCHES, DC_PACK,
  "分级阈值的每个分支都必须是列表（每级一个值）",
  "every branch of a per-grade threshold must be a list (one value per grade)")
M(DM_DEMOTE_GRADED, DC_PACK,
  "有 demote: 的规则不参与定级门槛，阈值须是一个值，不能分级",
  "a rule with demote: does not gate the grade; its threshold must be one value, not one per grade")
M(DM_MAX_POINTS, DC_PACK,
  "“%s”须与 points: 同用，且是正数（该项分值）",
  "'%s' goes with points: and must be a positive number (the item's points)")
M(DM_GATES, DC_PACK,
  "gates“%s”必须是 true 或 false",
  "gates '%s' must be true or false")
M(DM_MEASURES_MAP, DC_PACK,
  "“measures:”必须把每个名字对应到含 value: 的映射",
  "'measures:' must map each name to a mapping with value:")
M(DM_MEASURE_TWICE, DC_PACK,
  "计算量“%s”定义了两次",
  "measure '%s' is defined twice")
M(DM_MEASURE_BLOCK, DC_PACK,
  "数据格式已有名为“measures”的数据块，无法再定义计算量",
  "the data format has a block named 'measures': the pack cannot also define measures")
M(DM_KIND, DC_PACK,
  "kind“%s”必须是 min、each、ratio、scaled、declared、system 之一",
  "kind '%s' must be one of min, each, ratio, scaled, declared, system")
M(DM_SEVERITY, DC_PACK,
  "severity“%s”必须是 error 或 warning",
  "severity '%s' must be error or warning")
M(DM_RULE_TIER, DC_PACK,
  "层级“%s”不是本规则包的层级",
  "tier '%s' is not one of the pack's tiers")
M(DM_RULE_CATEGORY, DC_PACK,
  "类别“%s”没有列在 categories: 下",
  "category '%s' is not listed under categories:")
M(DM_DECLARED_MEASURE, DC_PACK,
  "declared 规则读取 declared.<键>；请删去 %s",
  "a declared rule reads declared.<key>; drop %s")
M(DM_RULE_IN_BASE, DC_PACK,
  "规则 id“%s”已是 %s 的规则（请在 override: 下修改）",
  "rule id '%s' is already a rule of %s (change it under override:)")
M(DM_RULE_TWICE, DC_PACK,
  "规则 id“%s”用了两次（第一次在第 %d 行）",
  "rule id '%s' is used twice (first at line %d)")
M(DM_PACK_NEEDS_RULES, DC_PACK,
  "规则包需要“%s:”列表",
  "the pack needs a '%s:' list")
M(DM_EXTENDS_NAME, DC_PACK,
  "“%s”指定基础规则包：写包名（如 jiaxing-2015）或路径",
  "'%s' names the base pack: a name such as jiaxing-2015 or a path")
M(DM_BASE_NOT_YAML, DC_PACK,
  "基础规则包“%s”不是 .yaml 文件",
  "base pack '%s' is not a .yaml file")
M(DM_BASE_OUTSIDE, DC_PACK,
  "基础规则包“%s”不在本包的目录或规则包目录中；extends: 只能指定那里的包",
  "base pack '%s' is outside this pack's directory and the pack directories; extends: may only name a pack there")
M(DM_BASE_NOT_FOUND, DC_PACK,
  "找不到基础规则包“%s”（查找了 $VENUECHECK_RULES_DIR、程序旁的 ./rules、../share/venuecheck/rules 和 %s）",
  "base pack '%s' not found (looked in $VENUECHECK_RULES_DIR, ./rules beside the binary, ../share/venuecheck/rules and %s)")
M(DM_EXTENDS_CYCLE, DC_PACK,
  "extends“%s”形成循环：%s 已在加载中",
  "extends '%s' makes a cycle: %s is already being loaded")
M(DM_EXTENDS_DEEP, DC_PACK,
  "extends“%s”：嵌套超过 %d 层",
  "extends '%s': more than %d packs deep")
M(DM_BASE_INVALID, DC_PACK,
  "基础规则包“%s”无效（见上文）",
  "base pack '%s' is not valid (see above)")
M(DM_RULE_ADDED_HERE, DC_PACK,
  "%s：规则“%s”是本包新增的，请在 rules: 下修改",
  "%s: rule '%s' is added by this pack; change it under rules:")
M(DM_NO_RULE_HINT, DC_PACK,
  "%s：规则“%s”不在 %s 中（是否想写“%s”？）",
  "%s: no rule '%s' in %s (did you mean '%s'?)")
M(DM_NO_RULE, DC_PACK,
  "%s：规则“%s”不在 %s 中",
  "%s: no rule '%s' in %s")
M(DM_OVERRIDE_MAP, DC_PACK,
  "对“%s”的 override 必须是映射，如 {threshold: 48}",
  "the override of '%s' must be a mapping such as {threshold: 48}")
M(DM_DISABLE_REASON, DC_PACK,
  "disable：规则“%s”需要写明理由（disable: {%s: \"理由\"}）",
  "disable: rule '%s' needs a reason (disable: {%s: \"why\"})")
M(DM_OVERRIDE_AND_DISABLE, DC_PACK,
  "规则“%s”既被 override 又被 disable",
  "rule '%s' is both overridden and disabled")

/* waiver.c, waive.c: messages with phrases */
M(DM_WAIVER_NO_RULE_HINT, DC_UNKNOWN_RULE,
  "豁免：规则“%s”不在 %s 中（是否想写“%s”？）",
  "waiver: no rule '%s' in %s (did you mean '%s'?)")
M(DM_WAIVER_NO_RULE, DC_UNKNOWN_RULE,
  "豁免：规则“%s”不在 %s 中",
  "waiver: no rule '%s' in %s")
M(DM_WAIVER_MAP, DC_SHAPE,
  "豁免必须是映射：%s",
  "a waiver must be a mapping: %s")
M(DM_WAIVER_NO_VENUE_HINT, DC_UNKNOWN_VENUE,
  "豁免：本批文件中没有场馆“%s”（是否想写“%s”？）",
  "waiver: no venue '%s' in the batch (did you mean '%s'?)")
M(DM_WAIVER_NO_VENUE, DC_UNKNOWN_VENUE,
  "豁免：本批文件中没有场馆“%s”",
  "waiver: no venue '%s' in the batch")
M(DM_WAIVER_NOT_NEEDED, DC_WAIVER_UNUSED,
  "对 %s 的豁免不需要：该规则%W",
  "waiver of %s is not needed: the rule %W")

/* waiver.c */
M(DM_WAIVER_MISSING, DC_MISSING_FIELD,
  "豁免：缺少必填项“%s”（豁免要写 rule、reason、approver 和 expires）",
  "waiver: required field '%s' is missing (a waiver needs rule, reason, approver and expires)")
M(DM_WAIVER_SINGLE, DC_SHAPE,
  "豁免：“%s”必须是单个值",
  "waiver: '%s' must be a single value")
M(DM_WAIVER_EMPTY, DC_EMPTY_FIELD,
  "豁免：“%s”是空的",
  "waiver: '%s' is empty")
M(DM_WAIVER_DISABLED, DC_WAIVER_UNUSED,
  "豁免：规则“%s”已被 %s 停用，不需要豁免",
  "waiver: rule '%s' is disabled by %s; the waiver is not needed")
M(DM_WAIVER_TIER, DC_UNKNOWN_RULE,
  "豁免：规则“%s”是 %s 层级的规则，而场馆“%s”是 %s 层级",
  "waiver: rule '%s' is a %s rule; venue '%s' is a %s")
M(DM_WAIVER_DUP, DC_DUP_ENTRY,
  "豁免：场馆“%s”已有对 %s 的豁免（第 %d 行）",
  "waiver: venue '%s' already has a waiver for %s (line %d)")
M(DM_WAIVER_DATE, DC_BAD_DATE,
  "豁免：expires 的日期应写作 YYYY-MM-DD（如 2024-12-31），填写的是“%s”",
  "waiver: expires: expected a date as YYYY-MM-DD, found '%s'")
M(DM_WAIVERS_LIST, DC_SHAPE,
  "%s 必须是豁免的列表",
  "%s must be a list of waivers")
/* waive.c */
M(DM_WAIVER_EXPIRED, DC_WAIVER_EXPIRED,
  "对 %s 的豁免已于 %s 过期，不再生效",
  "waiver of %s expired on %s; it is ignored")

/* files.c, outfile.c, bookwrite.c, report_xlsx.c */
M(DM_LIST_NUL, DC_NUL,
  "有 NUL 字节：文件清单是文本，每行一个路径；清单不再往下读",
  "a NUL byte: a list of files is text, one path a line; the list of files is read no further")
M(DM_LIST_LONG_PATH, DC_TOO_LONG,
  "路径长达 %d 字节或更长（PATH_MAX）；清单不再往下读",
  "a path of %d bytes or more (PATH_MAX); the list of files is read no further")
M(DM_LIST_TOO_MANY, DC_TOO_MANY,
  "超过 %zu 行（可用 --limit entries=N 放宽）；清单不再往下读",
  "more than %zu lines (--limit entries=N raises it); the list of files is read no further")
M(DM_CANNOT_READ_LIST, DC_IO,
  "无法读取文件清单：%W",
  "cannot read the file list: %W")
M(DM_CANNOT_WRITE_REPORT, DC_IO,
  "无法写入报告：%W",
  "cannot write the report: %W")
M(DM_WRITE_FAILED, DC_IO,
  "无法写入报告：写入失败（没有给出原因）",
  "cannot write the report: a write failed (no reason given)")
M(DM_WB_WRITE_SAVING, DC_IO,
  "无法写入工作簿：%W（%s）",
  "cannot write the workbook: %W (%s)")
M(DM_WB_WRITE, DC_IO,
  "无法写入工作簿：%s",
  "cannot write the workbook: %s")
M(DM_XLSX_WRITE_SAVING, DC_IO,
  "无法写入电子表格（%s）：%W（%s）",
  "cannot write the spreadsheet (%s): %W (%s)")
M(DM_XLSX_WRITE, DC_IO,
  "无法写入电子表格（%s）：%s",
  "cannot write the spreadsheet (%s): %s")

/* outfile.c */
M(DM_REPORT_NOT_FILE, DC_IO,
  "无法写入报告：这不是普通文件、设备或管道",
  "cannot write the report: not a regular file, a device or a pipe")
M(DM_REPORT_IS_DIR, DC_IO,
  "无法写入报告：这是一个目录",
  "cannot write the report: a directory")
M(DM_REPORT_WB_DEVICE, DC_IO,
  "无法写入报告：工作簿要写到普通文件，不能写到设备或管道",
  "cannot write the report: a workbook needs a regular file, not a device or pipe")
/* files.c */
M(DM_DIRS_TOO_DEEP, DC_TOO_DEEP,
  "目录嵌套太深",
  "directories nested too deeply")
M(DM_CANNOT_READ_DIR, DC_IO,
  "无法读取目录：%W",
  "cannot read the directory: %W")
M(DM_OUTPUT_IS_INPUT, DC_NONE,
  "不会把输出写到 %s 上：它是本次运行的输入文件（同一个文件）；请换一个输出文件",
  "refusing to write the output over %s, an input of this run (the same file); choose another output file")
M(DM_OUTPUT_IN_INPUT_DIR, DC_NONE,
  "不会把输出写进 %s：本次运行要读取这个目录，下次运行会把输出当成场馆数据文件；请写到这个目录之外",
  "refusing to write the output inside %s, a directory this run reads: the next run would take it for a venue data file; write it outside the directory")
/* tree.c */
M(DM_DUP_VENUE_ID, DC_DUP_ID,
  "场馆 id“%s”重复：%s 也用了它；两个文件都不检查",
  "duplicate venue id '%s': also used by %s; neither file is checked")
M(DM_PARENT_MISSING, DC_PARENT_MISSING,
  "上级“%s”不在本批文件中",
  "parent '%s' is not in the batch")
M(DM_PARENT_TIER, DC_PARENT_TIER,
  "上级“%s”（%s）是 %s 层级；%s 层级的上级必须是 %s 层级",
  "parent '%s' (%s) is a %s; a %s's parent must be a %s")
M(DM_PARENT_CYCLE, DC_PARENT_CYCLE,
  "上级 id 经过“%s”形成循环",
  "parent ids form a cycle through '%s'")
M(DM_LISTED_NO_ID, DC_MISSING_FILE,
  "%s 中的条目“%s”没有 id：--complete 无法把它对应到文件",
  "%s entry '%s' has no id: --complete cannot match it to a file")
M(DM_LISTED_MISSING, DC_MISSING_FILE,
  "%s 列出了“%s”（id %s），但本批文件中没有它的文件",
  "%s '%s' (id %s) is listed but its file is missing from the batch")
/* batch.c */
M(DM_YEAR_SKIPPED, DC_YEAR,
  "已跳过 %d 年的文件：--year %ld 选的是另一年",
  "year %d skipped: --year %ld selects another")
M(DM_YEAR_DIFFERS, DC_YEAR,
  "年度 %d 与 %ld 年（%s）不同；请一次只检查一个年度，或用 --year 选定",
  "year %d differs from %ld of %s; check one year at a time or choose one with --year")
/* venuecheck.c */
M(DM_UNKNOWN_FORMAT, DC_NONE,
  "未知的报告格式“%s”",
  "unknown report format '%s'")
M(DM_FORMAT_NEEDS_FILE, DC_NONE,
  "%s 报告需要写到文件",
  "an %s report needs a file")
/* check.c */
M(DM_STATED_LEDGER, DC_STATED,
  "%s 填的是 %g，但台账数出的是 %g（规则 %s）；以台账为准",
  "%s states %g but the ledger counts %g for %s; the ledger decides")
/* template.c */
M(DM_TEMPLATE_NO_EXAMPLE, DC_NONE,
  "template：找不到能通过 %s 的示例值，请手动填写",
  "template: no example values found that pass %s; fill them in by hand")
M(DM_UNKNOWN_TIER, DC_NONE,
  "未知的层级“%s”",
  "unknown tier '%s'")
/* bookwrite.c */
M(DM_UNKNOWN_TIER_WB, DC_IO,
  "未知的层级“%s”",
  "unknown tier '%s'")
M(DM_WB_CREATE, DC_IO,
  "无法创建工作簿",
  "cannot create the workbook")
/* report_xlsx.c */
M(DM_XLSX_CREATE, DC_IO,
  "无法创建电子表格",
  "cannot create the spreadsheet")
/* cli.c */
M(DM_EXPLAIN_TIER, DC_NONE,
  "这是 %s 层级的文件；%s 是 %s 层级的规则",
  "a %s file; %s is a rule of tier %s")
/* cli_check.c */
M(DM_NO_VENUE_FILES, DC_IO,
  "没有找到场馆数据文件（*.yaml、*.yml、*.xlsx）",
  "no venue files found (*.yaml, *.yml, *.xlsx)")

/* xlsxread.c */
M(DM_XL_DTD, DC_WORKBOOK,
  "工作簿已损坏：其中一个部件声明了 DTD",
  "corrupt workbook: a part declares a DTD")
M(DM_XL_NO_PART, DC_WORKBOOK,
  "不是 .xlsx 工作簿：缺少部件“%s”",
  "not an .xlsx workbook: it has no part '%s'")
M(DM_XL_PART_LARGE, DC_TOO_LARGE,
  "工作簿部件“%s”解压后有 %llu 字节，超过整个工作簿 %zu 字节的上限（--limit file-size=N）",
  "workbook part '%s' unpacks to %llu bytes, over the limit of %zu for the whole workbook (--limit file-size=N)")
M(DM_XL_ZIP_BOMB, DC_TOO_LARGE,
  "工作簿部件“%s”从 %llu 字节解压成 %llu 字节：按压缩炸弹拒绝",
  "workbook part '%s' unpacks %llu bytes into %llu: refused as a zip bomb")
M(DM_XL_UNPACK, DC_WORKBOOK,
  "工作簿已损坏：无法解压“%s”：%s",
  "corrupt workbook: cannot unpack '%s': %s")
M(DM_XL_TOO_LARGE, DC_TOO_LARGE,
  "工作簿解压后超过 %zu 字节的上限（--limit file-size=N）",
  "workbook unpacks to more than the limit of %zu bytes (--limit file-size=N)")
M(DM_XL_CORRUPT, DC_WORKBOOK,
  "工作簿已损坏：%s",
  "corrupt workbook: %s")
M(DM_XL_SHEET_NONAME, DC_WORKBOOK,
  "工作簿已损坏：有一张工作表没有名称或 id",
  "corrupt workbook: a sheet without a name or id")
M(DM_XL_SHEETS, DC_TOO_MANY,
  "工作簿里的工作表超过 %zu 张",
  "the workbook has more than %zu sheets")
M(DM_XL_TEXTS, DC_TOO_MANY,
  "工作簿里的文本超过 %zu 条",
  "the workbook has more than %zu texts")
M(DM_XL_BAD_REF, DC_WORKBOOK,
  "工作簿已损坏：单元格引用“%.20s”无效",
  "corrupt workbook: bad cell reference '%.20s'")
M(DM_XL_NOT_SHEET, DC_WORKBOOK,
  "工作簿已损坏：工作表“%s”不是普通工作表：它的部件“%s”里是 <%.40s>",
  "corrupt workbook: sheet '%s' is not a worksheet: its part '%s' holds <%.40s>")
M(DM_XL_BAD_ROW, DC_WORKBOOK,
  "工作簿已损坏：工作表“%s”：行号无效",
  "corrupt workbook: sheet '%s': bad row number")
M(DM_XL_SHEET_BIG, DC_TOO_MANY,
  "工作表“%s”超过 %zu 行或 %zu 个单元格（--limit entries=N）",
  "sheet '%s' has more than %zu rows or %zu cells (--limit entries=N)")
M(DM_XL_CELL_LONG, DC_TOO_LONG,
  "单元格内容超过 %zu 字节（--limit value-size=N）",
  "a cell is longer than %zu bytes (--limit value-size=N)")
M(DM_XL_NO_SHARED, DC_WORKBOOK,
  "工作簿已损坏：共享字符串 %.20s 不存在",
  "corrupt workbook: shared string %.20s does not exist")
M(DM_XL_CELL_TYPE, DC_WORKBOOK,
  "工作簿已损坏：未知的单元格类型 t=\"%s\"",
  "corrupt workbook: unknown cell type t=\"%s\"")
M(DM_XL_CANNOT_READ, DC_IO,
  "无法读取文件：%W",
  "cannot read the file: %W")
M(DM_XL_LEGACY, DC_LEGACY,
  "有密码保护的工作簿（或以 .xlsx 命名的 .xls）无法读取：请打开它，去掉密码，另存为 .xlsx 或 .xls（.xls 文件的扩展名须为 .xls）",
  "a password-protected workbook, or an .xls named .xlsx, cannot be read: open it, remove the password and save it as .xlsx or .xls (an .xls must be named .xls)")
M(DM_XL_ET, DC_LEGACY,
  "WPS 表格文件（.et）无法读取：请在 WPS 中打开，另存为 .xlsx 或 .xls（Excel 97-2003）",
  "a WPS spreadsheet (.et) cannot be read: open it in WPS and save it as .xlsx or .xls (Excel 97-2003)")
M(DM_XL_NOT_ZIP, DC_WORKBOOK,
  "不是 .xlsx 工作簿（不是 zip 压缩包）：请另存为 .xlsx；如果是 YAML 文件，请把扩展名改为 .yaml",
  "not an .xlsx workbook (it is not a zip archive): save it as .xlsx, or name a YAML file .yaml")
M(DM_XL_PART_TWICE, DC_WORKBOOK,
  "工作簿已损坏：压缩包里的部件“%.200s”出现了两次（不同的程序读到的可能不是同一个）",
  "corrupt workbook: the archive holds the part '%.200s' twice (programs would disagree on which one is read)")
M(DM_XL_NOT_FILE, DC_NOT_FILE,
  "不是普通文件",
  "not a regular file")
M(DM_XL_FILE_LARGE, DC_TOO_LARGE,
  "文件有 %lld 字节，超过 %zu 字节的上限（--limit file-size=N）",
  "the file is %lld bytes, over the limit of %zu (--limit file-size=N)")
M(DM_XL_SHEET_NO_PART, DC_WORKBOOK,
  "工作簿已损坏：工作表“%s”没有对应的部件",
  "corrupt workbook: sheet '%s' has no part")
M(DM_XL_REL_TYPE, DC_WORKBOOK,
  "工作簿已损坏：工作表“%s”不是普通工作表（它的关系类型是“%.80s”）",
  "corrupt workbook: sheet '%s' is not a worksheet (its relationship is of type '%.80s')")

/* bookread.c */
M(DM_BK_FORMULA_ERROR, DC_NOT_ALLOWED,
  "%W：%s 不是数值，请直接填入数值",
  "%W: %s is not a value: type the value in")
M(DM_BK_UNKNOWN_COL_HINT, DC_UNKNOWN_KEY,
  "未知的列“%s”（不属于 %s；是否想写“%s”？）",
  "unknown column '%s' in %s (did you mean '%s'?)")
M(DM_BK_UNKNOWN_COL, DC_UNKNOWN_KEY,
  "未知的列“%s”（不属于 %s）",
  "unknown column '%s' in %s")
M(DM_BK_NO_INFO, DC_NO_HEADER,
  "工作簿没有写明场馆 id、名称、层级和年度的“%s”工作表",
  "the workbook has no %s sheet with the venue's id, name, tier and year")

/* bookread.c */
M(DM_BK_UNKNOWN_CODE, DC_UNKNOWN_KEY,
  "未知的代码“%s”（%s 中的代码应写作 venue.名称、facts.名称 或 declared.键）",
  "unknown code '%s' in %s (venue.NAME, facts.NAME or declared.KEY)")
M(DM_BK_TOO_MANY_ROWS, DC_TOO_MANY,
  "超过 %zu 行（%s）",
  "more than %zu rows of %s")
M(DM_BK_CODE_TWICE, DC_DUP_KEY,
  "代码“%s”填了两次",
  "code '%s' given twice")
M(DM_BK_HEADER_COLS, DC_SHAPE,
  "%s：第一行必须是列名“%s”和“%s”",
  "%s: the first row must name the columns %s and %s")
M(DM_BK_COL_TWICE, DC_DUP_KEY,
  "%s：列“%s”出现了两次",
  "%s: column '%s' given twice")
M(DM_BK_NO_HEADER_COL, DC_UNKNOWN_KEY,
  "这一列没有可识别的表头，却填了值",
  "a value in a column without a known header")
M(DM_BK_SECOND_INFO, DC_DUP_KEY,
  "又一张“%s”工作表",
  "a second %s sheet")
M(DM_BK_SHEET_UNKNOWN, DC_UNKNOWN_KEY,
  "工作表“%s”不属于数据：它的名称和表头行都对不上任何台账",
  "sheet '%s' is not part of the data: its name and header row match no ledger")
M(DM_BK_SECOND_SHEET, DC_DUP_KEY,
  "%s 已有工作表，这是第二张",
  "a second sheet for %s")

/* expr.c */
M(DM_EXPR_IN, DC_PACK, "%W（见 `%s`）", "%W (in `%s`)")
M(DM_EXPR_EXPECTED, DC_PACK, "这里应是 %W", "expected %W")
M(DM_EXPR_ENDS, DC_PACK, "表达式过早结束", "expression ends too early")
M(DM_EXPR_VALUE, DC_PACK, "这里应是一个值", "expected a value")

/* expr.c */
M(DM_EXPR_HEX, DC_PACK,
  "十六进制数“%.*s”：请用十进制写数字",
  "hex number '%.*s': write numbers in decimal")
M(DM_EXPR_RANGE, DC_PACK,
  "数字超出范围",
  "number out of range")
M(DM_EXPR_STRING, DC_PACK,
  "字符串没有结束引号",
  "unterminated string")
M(DM_EXPR_CHAR, DC_PACK,
  "不能识别的字符“%.*s”",
  "unexpected character '%.*s'")
M(DM_EXPR_KW, DC_PACK,
  "这里应是“%s”",
  "expected '%s'")
M(DM_EXPR_VAR, DC_PACK,
  "这里应是变量名，如 count(e in events)",
  "expected a variable name, as in count(e in events)")
M(DM_EXPR_AGG_DEEP, DC_PACK,
  "汇总函数嵌套太深",
  "aggregates nested too deeply")
M(DM_EXPR_EXISTS, DC_PACK,
  "exists() 的参数是字段路径，如 facts.vehicles",
  "exists() takes a field path such as facts.vehicles")
M(DM_EXPR_FUNC, DC_PACK,
  "未知的函数“%.*s”",
  "unknown function '%.*s'")
M(DM_EXPR_NAME_HINT, DC_PACK,
  "未知的名字“%s”（是否想写“%s”？）",
  "unknown name '%s' (did you mean '%s'?)")
M(DM_EXPR_NAME, DC_PACK,
  "未知的名字“%s”：既不是数据块，也不是已绑定的变量",
  "unknown name '%s': not a data block nor a bound variable")
M(DM_EXPR_LIST_LONG, DC_PACK,
  "列表超过 64 项",
  "list literal longer than 64 items")
M(DM_EXPR_UNEXPECTED, DC_PACK,
  "这里不能有“%.*s”",
  "unexpected '%.*s'")
M(DM_EXPR_IS_LIST, DC_PACK,
  "“%s”是列表；请用汇总函数，如 count(x in %s)",
  "'%s' is a list; use an aggregate such as count(x in %s)")
M(DM_EXPR_NO_FIELD_HINT, DC_PACK,
  "“%s”没有字段“%s”（是否想写“%s”？）",
  "'%s' has no field '%s' (did you mean '%s'?)")
M(DM_EXPR_NO_FIELD, DC_PACK,
  "“%s”没有字段“%s”",
  "'%s' has no field '%s'")
M(DM_EXPR_PATH_LONG, DC_PACK,
  "字段路径太长",
  "field path too long")
M(DM_EXPR_FIELD_AFTER_DOT, DC_PACK,
  "“.”后面应是字段名",
  "expected a field name after '.'")
M(DM_EXPR_DEEP, DC_PACK,
  "表达式嵌套太深",
  "expression nested too deeply")
M(DM_EXPR_LONG, DC_PACK,
  "表达式超过 %d 字节",
  "expression longer than %d bytes")
M(DM_EXPR_AFTER, DC_PACK,
  "表达式后面多了“%.*s”",
  "unexpected '%.*s' after the expression")
M(DM_EXPR_MEASURE, DC_PACK,
  "“%s”不是此前在 measures: 下定义的计算量",
  "'%s' is not a measure defined before this under measures:")
M(DM_EXPR_MEASURE_HINT, DC_PACK,
  "“%s”不是此前在 measures: 下定义的计算量（是否指“%s”？）",
  "'%s' is not a measure defined before this under measures: (did you mean '%s'?)")

/* labels: and notes: of a field's values (schema.c) */
M(DM_LABELS_MAP, DC_PACK,
  "字段“%s”：%s 必须把每个取值对应到一段文字，如 {%s: ...}",
  "field '%s': %s must map each value to a text, such as {%s: ...}")
M(DM_LABELS_VALUE, DC_PACK,
  "字段“%s”：%s 中的“%s”不是它的取值",
  "field '%s': %s names '%s', which is not one of its values")
M(DM_LABELS_TEXT, DC_PACK,
  "字段“%s”：%s 中“%s”的内容必须是文字",
  "field '%s': %s of '%s' must be a text")
M(DM_LABELS_TYPE, DC_PACK,
  "字段“%s”：labels 和 notes 只用于 enum 或 tags 字段的取值",
  "field '%s': labels and notes are for the values of an enum or tags field")
M(DM_LABEL_CLASH, DC_PACK,
  "字段“%s”：标签“%s”（取值“%s”）%W，单元格会有两种含义",
  "field '%s': the label '%s' of '%s' is %W: a cell could mean either")
M(DW_LABEL_CODE, DC_NONE, "与另一个取值的代码相同", "the code of another value")
M(DW_LABEL_LABEL, DC_NONE, "与另一个取值的标签相同", "the label of another value")
M(DW_LABEL_RETIRED, DC_NONE, "是已停用的词", "a retired word")
M(DW_LABEL_SEP, DC_NONE, "含有分隔标记的字符（, ， 、 ; ； 或空格）",
  "written with a separator of tags (, ， 、 ; ； or a space)")
/* A workbook's date error (book.c): the forms a cell takes besides YAML's. */
M(DW_BOOK_DATE_FORMS, DC_NONE,
  "（单元格也可填 2024/3/15、2024.3.15、2024年3月15日 或日期格式）",
  " (a cell may also hold 2024/3/15, 2024.3.15, 2024年3月15日 or a date)")

/* xlsread.c: the .xls reader */
M(DM_XLS_CUT_HEADER, DC_WORKBOOK,
  ".xls 工作簿已损坏：文件在前 512 字节内就结束了",
  "corrupt .xls workbook: the file ends within its first 512 bytes")
M(DM_XLS_IS_XLSX, DC_WORKBOOK,
  "不是 .xls 工作簿：这是一个以 .xls 命名的 .xlsx 工作簿（zip 压缩包）：请把扩展名改为 .xlsx",
  "not an .xls workbook: it is an .xlsx workbook (a zip archive) named .xls: rename it to .xlsx")
M(DM_XLS_IS_HTML, DC_WORKBOOK,
  "不是 .xls 工作簿：这是一个以 .xls 命名的网页（HTML），有些系统这样导出表格：请用 Excel、WPS 或 LibreOffice 打开，另存为 .xlsx 或 .xls",
  "not an .xls workbook: it is a web page (HTML) named .xls, as some systems export tables: open it in Excel, WPS or LibreOffice and save it as .xlsx or .xls")
M(DM_XLS_BIFF4, DC_WORKBOOK,
  "Excel 2.x-4.0 工作表（1993 年以前）无法读取：请用 Excel、WPS 或 LibreOffice 打开，另存为 .xlsx",
  "an Excel 2.x-4.0 worksheet (before 1993) cannot be read: open it in Excel, WPS or LibreOffice and save it as .xlsx")
M(DM_XLS_NOT_XLS, DC_WORKBOOK,
  "不是 .xls 工作簿（Excel 97-2003）：请另存为 .xlsx 或 .xls；如果是 YAML 文件，请把扩展名改为 .yaml",
  "not an .xls workbook (Excel 97-2003): save it as .xlsx or .xls, or name a YAML file .yaml")
M(DM_XLS_MINI_LONG, DC_WORKBOOK,
  ".xls 工作簿已损坏：它的迷你流比文件还长",
  "corrupt .xls workbook: its mini stream is longer than the file")
M(DM_XLS_SECTOR_SIZE, DC_WORKBOOK,
  ".xls 工作簿已损坏：扇区大小无效",
  "corrupt .xls workbook: bad sector size")
M(DM_XLS_FAT, DC_WORKBOOK,
  ".xls 工作簿已损坏：扇区表已损坏（文件被截断或损坏）",
  "corrupt .xls workbook: its sector table is broken (a truncated or damaged file)")
M(DM_XLS_DIR_NAME, DC_WORKBOOK,
  ".xls 工作簿已损坏：有一个目录项的名称超出了它的 64 字节",
  "corrupt .xls workbook: a directory entry's name is longer than its 64 bytes")
M(DM_XLS_ENCRYPTED, DC_LEGACY,
  "有密码保护的工作簿无法读取：请打开它，去掉密码，另存为 .xlsx 或 .xls",
  "a password-protected workbook cannot be read: open it, remove the password and save it as .xlsx or .xls")
M(DM_XLS_STREAM, DC_WORKBOOK,
  ".xls 工作簿已损坏：工作簿数据流已损坏（文件被截断或损坏）",
  "corrupt .xls workbook: its workbook stream is broken (a truncated or damaged file)")
M(DM_XLS_NO_WORKBOOK, DC_WORKBOOK,
  "不是 .xls 工作簿：这是一个不含工作簿的 OLE 复合文件（Word 或其他 Office 文档？）",
  "not an .xls workbook: the file is an OLE compound file without a workbook (a Word or other Office document?)")
M(DM_XLS_XFS, DC_WORKBOOK,
  ".xls 工作簿已损坏：单元格格式超过 %d 个",
  "corrupt .xls workbook: more than %d cell formats")
M(DM_XLS_OVERS, DC_TOO_MANY,
  "工作簿里的公式、日期和逻辑值超过 %zu 个（--limit entries=N）",
  "the workbook has more than %zu formulas, dates and booleans (--limit entries=N)")
M(DM_XLS_DATE_FAR, DC_BAD_DATE,
  "日期单元格的序列号是 %g，晚于 9999-12-31",
  "a date cell holds the serial day %g, past 9999-12-31")
M(DM_XLS_DATES_FAR, DC_TOO_LARGE,
  "工作簿里的日期太靠后，无法读取（平均晚于 2173 年）",
  "the workbook's dates lie too far in the future to be read (on average after the year 2173)")
M(DM_XLS_AREA, DC_TOO_MANY,
  "工作簿声明的单元格超过 %.0f 个（%s：%.0f 行 × %.0f 列；--limit entries=N）",
  "the workbook declares more than %.0f cells (%s: %.0f rows by %.0f columns; --limit entries=N)")
M(DM_XLS_DIM_TWICE, DC_WORKBOOK,
  ".xls 工作簿已损坏：工作表“%s”两次声明了它的单元格范围",
  "corrupt .xls workbook: sheet '%s' declares its range of cells twice")
M(DM_XLS_NO_DIM, DC_WORKBOOK,
  ".xls 工作簿已损坏：工作表“%s”没有声明它的单元格范围（文件损坏？）",
  "corrupt .xls workbook: sheet '%s' does not declare its range of cells (a damaged file?)")
M(DM_XLS_CELLS, DC_TOO_MANY,
  "工作簿里的单元格超过 %zu 个（--limit entries=N）",
  "the workbook has more than %zu cells (--limit entries=N)")
M(DM_XLS_CELL_TWICE, DC_WORKBOOK,
  ".xls 工作簿已损坏：这个单元格出现了两次",
  "corrupt .xls workbook: the cell is given twice")
M(DM_XLS_BIFF5, DC_WORKBOOK,
  "Excel 5.0/95 工作簿无法读取：请用 Excel、WPS 或 LibreOffice 打开，另存为 .xlsx 或 .xls（Excel 97-2003）",
  "an Excel 5.0/95 workbook cannot be read: open it in Excel, WPS or LibreOffice and save it as .xlsx or .xls (Excel 97-2003)")
M(DM_XLS_BOF_VERSION, DC_WORKBOOK,
  ".xls 工作簿已损坏：BOF 记录没有写明 Excel 版本",
  "corrupt .xls workbook: its BOF record names no Excel version")
M(DM_XLS_SHEETS, DC_TOO_MANY,
  "工作簿里的工作表超过 %d 张",
  "the workbook has more than %d sheets")
M(DM_XLS_RECORD_SHORT, DC_WORKBOOK,
  ".xls 工作簿已损坏：有一条记录（类型 0x%04X）只有 %zu 字节，不完整",
  "corrupt .xls workbook: a record (type 0x%04X) is cut short at %zu bytes")
M(DM_XLS_NO_BOF, DC_WORKBOOK,
  ".xls 工作簿已损坏：工作簿数据流不是以 BOF 记录开头",
  "corrupt .xls workbook: its workbook stream does not start with a BOF record")
M(DM_XLS_RECORD_PAST, DC_WORKBOOK,
  ".xls 工作簿已损坏：有一条记录超出了数据流的末尾（文件被截断？）",
  "corrupt .xls workbook: a record runs past the end of its stream (a truncated file?)")
M(DM_XLS_EMPTY, DC_WORKBOOK,
  ".xls 工作簿已损坏：工作簿数据流是空的",
  "corrupt .xls workbook: its workbook stream is empty")
M(DM_XLS_ROWS, DC_TOO_MANY,
  "工作表“%s”超过 %zu 行（--limit entries=N）",
  "sheet '%s' has more than %zu rows (--limit entries=N)")
M(DM_XLS_SHEET_CELLS, DC_TOO_MANY,
  "工作表“%s”超过 %zu 个单元格（--limit entries=N）",
  "sheet '%s' has more than %zu cells (--limit entries=N)")
M(DM_XLS_FREEXL, DC_WORKBOOK,
  ".xls 工作簿已损坏：%W（libfreexl 错误 %d）",
  "corrupt .xls workbook: %W (libfreexl error %d)")
M(DM_XLS_CHANGED, DC_IO,
  "无法读取文件：读取时文件被改动了",
  "cannot read the file: it changed while being read")
M(DM_XLS_FX_MEMORY, DC_WORKBOOK,
  "所需内存超过可用内存",
  "it needs more memory than there is")
M(DM_XLS_FX_CHAR, DC_WORKBOOK,
  "有一段文字在它的代码页中无效",
  "a text is not valid in its code page")
M(DM_XLS_FX_CHARSET, DC_WORKBOOK,
  "不支持它的代码页",
  "its code page is not supported")
M(DM_XLS_FX_SST, DC_WORKBOOK,
  "它的文字表已损坏",
  "its table of texts is broken")
M(DM_XLS_FX_DAMAGED, DC_WORKBOOK,
  "文件被截断或损坏",
  "a truncated or damaged file")

M(DM_BL_JSON, DC_BASELINE,
  "不是有效的 JSON（%s）；基线应为 venuecheck check --format json 写出的报告",
  "not valid JSON (%s); a baseline is a report written by venuecheck check --format json")
M(DM_BL_NOT_REPORT, DC_BASELINE,
  "不是 venuecheck 的报告（没有“venuecheck”版本键）；基线应为 venuecheck check --format json 写出的报告",
  "not a venuecheck report (no \"venuecheck\" version key); a baseline is a report written by venuecheck check --format json")
M(DM_BL_VALIDATE, DC_BASELINE,
  "这是 %s 的报告，没有条款结论；基线应为 venuecheck check --format json 写出的报告",
  "this is a report of %s, with no rule verdicts; a baseline is a report written by venuecheck check --format json")
M(DM_BL_SHAPE, DC_BASELINE,
  "报告的结构不对：%s 缺失或类型不对（文件被改动或截断？）",
  "malformed report: %s is missing or of the wrong type (an edited or truncated file?)")
M(DM_BL_VERSION, DC_BASELINE_VERSION,
  "报告由 venuecheck %s 写出，本版本只能读取 %s.x 版写出的报告；请用本版本重新生成基线",
  "the report was written by venuecheck %s; this version reads reports of %s.x only: write the baseline again with this version")

M(DM_FIELD_CONFLICT, DC_PACK,
  "字段 %s.%s 的定义与 %s:%d:%d 的不同（类型、取值范围、max:、单位或可选值）；同一字段在两个规则包中须定义相同",
  "field %s.%s is defined otherwise than at %s:%d:%d (type, bounds, max:, unit or values); a field two packs declare must have one definition")
M(DM_BLOCK_CONFLICT, DC_PACK,
  "数据块“%s”与 %s:%d:%d 的不是同一种（台账与月度数据）；同一数据块在两个规则包中须是同一种",
  "block '%s' is of another kind than at %s:%d:%d (ledger or monthly); a block two packs declare must be of one kind")
M(DM_ACCEPTS_NAME, DC_PACK,
  "accepts: 列出数据也可写入本包数据文件的规则包：写包名（如 jiaxing-2015）或路径",
  "accepts: lists the packs whose data a file of this pack may also hold: names such as jiaxing-2015 or paths")
M(DM_ACCEPTED_NOT_YAML, DC_PACK,
  "accepts: 的规则包“%s”不是 .yaml 文件",
  "accepted pack '%s' is not a .yaml file")
M(DM_ACCEPTED_OUTSIDE, DC_PACK,
  "accepts: 的规则包“%s”不在本包的目录或规则包目录中；accepts: 只能指定那里的包",
  "accepted pack '%s' is outside this pack's directory and the pack directories; accepts: may only name a pack there")
M(DM_ACCEPTED_NOT_FOUND, DC_PACK,
  "找不到 accepts: 的规则包“%s”（查找了 $VENUECHECK_RULES_DIR、程序旁的 ./rules、../share/venuecheck/rules 和 %s）",
  "accepted pack '%s' not found (looked in $VENUECHECK_RULES_DIR, ./rules beside the binary, ../share/venuecheck/rules and %s)")
M(DM_ACCEPTS_CYCLE, DC_PACK,
  "accepts“%s”形成循环：%s 已在加载中",
  "accepts '%s' makes a cycle: %s is already being loaded")
M(DM_ACCEPTS_DEEP, DC_PACK,
  "accepts“%s”：嵌套超过 %d 层",
  "accepts '%s': more than %d packs deep")
M(DM_ACCEPTED_INVALID, DC_PACK,
  "accepts: 的规则包“%s”无效（见上文）",
  "accepted pack '%s' is not valid (see above)")
M(DM_COMBINE_RULE, DC_PACK,
  "规则 id“%s”也是 %s 的规则（%s:%d:%d）；一次运行同时使用的规则包不能有同 id 的规则",
  "rule id '%s' is also a rule of %s (%s:%d:%d); packs used in one run cannot share a rule id")
M(DM_COMBINE_TIER, DC_PACK,
  "层级“%s”的上级是“%s”，而 %s 中是“%s”；一次运行同时使用的规则包中同 id 的层级是同一层级",
  "tier '%s' has parent '%s' here, but in %s '%s'; a tier id is one tier in the packs of one run")
M(DM_COMBINE_GRADES, DC_PACK,
  "%s 与 %s 都定级（grades:）；一次运行只能有一个定级规则包",
  "both %s and %s have grades:; one run takes at most one graded pack")
M(DM_COMBINE_MEASURE, DC_PACK,
  "计算量 measures.%s 与 %s:%d:%d 的定义不同；一次运行同时使用的规则包中同名计算量须定义相同",
  "measure measures.%s is defined otherwise than at %s:%d:%d; packs used in one run must define a measure of one name alike")
M(DM_COMBINE_SAME, DC_PACK,
  "规则包 %s 给了两次",
  "pack %s is given twice")

#ifdef VC_DIAGCODES_NO_X
#undef X
#undef VC_DIAGCODES_NO_X
#endif
#ifdef VC_DIAGCODES_NO_M
#undef M
#undef VC_DIAGCODES_NO_M
#endif
