package edit

// teamStrings are the UI strings of the team workflow (proposals, review,
// history, sign-in) by language, added to [messages].
var teamStrings = map[string]map[string]string{
	"en": {
		"team.defaultTitle": "Edit %s",
		"team.signIn":       "Sign in to edit: this editor is shared by a team, and every change names the person who made it.",
		"team.saved":        "Saved in your change proposal. Nothing is published until another person has reviewed it: submit it for review on the proposals screen.",
		"team.note":         "Change note",
		"team.noteHelp":     "One line saying what you changed and why. Saving starts a change proposal with it as its title; the site changes only after review.",
		"team.noteHelpIn":   "One line saying what you changed and why. Saving adds this change to proposal %s.",
		"team.saveNote":     "Save keeps your change in a change proposal, not on the site. Pages with errors can be saved, but a proposal with errors cannot be published.",
	},
	"et": {
		"team.defaultTitle": "Muuda %s",
		"team.signIn":       "Muutmiseks logi sisse: seda toimetit kasutab meeskond ja iga muudatus nimetab selle tegija.",
		"team.saved":        "Salvestatud sinu muudatusettepanekusse. Midagi ei avaldata enne, kui keegi teine on selle üle vaadanud: saada see ettepanekute lehel ülevaatusele.",
		"team.note":         "Muudatuse märkus",
		"team.noteHelp":     "Üks rida, mida ja miks muutsid. Salvestamine alustab selle pealkirjaga muudatusettepanekut; sait muutub alles pärast ülevaatust.",
		"team.noteHelpIn":   "Üks rida, mida ja miks muutsid. Salvestamine lisab muudatuse ettepanekusse %s.",
		"team.saveNote":     "Salvestamine hoiab muudatuse muudatusettepanekus, mitte saidil. Vigadega lehe saab salvestada, aga vigadega ettepanekut ei saa avaldada.",
	},
	"ru": {
		"team.defaultTitle": "Изменить %s",
		"team.signIn":       "Войдите, чтобы редактировать: этим редактором пользуется команда, и каждое изменение называет своего автора.",
		"team.saved":        "Сохранено в вашем предложении изменений. Ничего не публикуется, пока его не проверит другой человек: отправьте его на проверку на странице предложений.",
		"team.note":         "Примечание к изменению",
		"team.noteHelp":     "Одна строка: что вы изменили и почему. Сохранение начинает предложение изменений с этим заголовком; сайт меняется только после проверки.",
		"team.noteHelpIn":   "Одна строка: что вы изменили и почему. Сохранение добавляет изменение в предложение %s.",
		"team.saveNote":     "Сохранение держит изменение в предложении изменений, а не на сайте. Страницу с ошибками можно сохранить, но предложение с ошибками нельзя опубликовать.",
	},
}

func init() {
	for lang, m := range teamStrings {
		for k, v := range m {
			messages[lang][k] = v
		}
	}
}
