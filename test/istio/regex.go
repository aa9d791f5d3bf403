package main

import (
	"encoding/json"
	"os"
	"regexp"
	"unicode/utf16"
	"unicode/utf8"
)

type regexResult struct {
	Pattern string `json:"pattern"`
	Error   string `json:"error,omitempty"`
}

// runRegex compiles each pattern of a JSON array read from standard input with Go's regexp.Compile,
// the call Istio's validation makes for every regex match. With --utf16 each pattern is an array of
// UTF-16 code units instead of a string, so that a JavaScript string holding a lone surrogate
// reaches Go as the invalid UTF-8 it would be (the three bytes of the surrogate's code point),
// where JSON strings would turn it into U+FFFD.
func runRegex(args []string) error {
	var patterns []string
	if len(args) == 1 && args[0] == "--utf16" {
		var units [][]uint16
		if err := json.NewDecoder(os.Stdin).Decode(&units); err != nil {
			return err
		}
		for _, u := range units {
			patterns = append(patterns, fromUTF16(u))
		}
	} else if err := json.NewDecoder(os.Stdin).Decode(&patterns); err != nil {
		return err
	}
	results := make([]regexResult, 0, len(patterns))
	for _, p := range patterns {
		r := regexResult{Pattern: p}
		if _, err := regexp.Compile(p); err != nil {
			r.Error = err.Error()
		}
		results = append(results, r)
	}
	return printJSON(results)
}

// fromUTF16 decodes UTF-16, writing a lone surrogate as the three bytes of its code point.
func fromUTF16(units []uint16) string {
	var b []byte
	for i := 0; i < len(units); i++ {
		u := rune(units[i])
		if utf16.IsSurrogate(u) && i+1 < len(units) {
			if r := utf16.DecodeRune(u, rune(units[i+1])); r != utf8.RuneError {
				b = utf8.AppendRune(b, r)
				i++
				continue
			}
		}
		if utf16.IsSurrogate(u) {
			b = append(b, byte(0xE0|u>>12), byte(0x80|(u>>6)&0x3F), byte(0x80|u&0x3F))
			continue
		}
		b = utf8.AppendRune(b, u)
	}
	return string(b)
}

type matchCase struct {
	Pattern string   `json:"pattern"`
	Inputs  []string `json:"inputs"`
}

// runRegexMatch reads a JSON array of {pattern, inputs} and prints, for each, whether the pattern
// matches each whole input (Envoy matches regexes against whole values, RE2::FullMatch).
func runRegexMatch() error {
	var cases []matchCase
	if err := json.NewDecoder(os.Stdin).Decode(&cases); err != nil {
		return err
	}
	results := make([][]bool, 0, len(cases))
	for _, c := range cases {
		re, err := regexp.Compile(`\A(?:` + c.Pattern + `)\z`)
		if err != nil {
			return err
		}
		matched := make([]bool, 0, len(c.Inputs))
		for _, in := range c.Inputs {
			matched = append(matched, re.MatchString(in))
		}
		results = append(results, matched)
	}
	return printJSON(results)
}
