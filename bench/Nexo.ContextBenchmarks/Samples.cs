namespace Nexo.ContextBenchmarks;

/// <summary>Hand-written paragraphs for the token-count comparison: English prose and text in other languages.</summary>
internal static class Samples
{
    public static readonly string[] EnglishProse =
    [
        "The village sits at the end of a narrow valley, where the road gives up and becomes a footpath. In winter the sun disappears behind the ridge before two o'clock, and the houses light their stoves early. Most of the families have lived there for generations, and the old men still argue about which of them built the first stone wall along the river.",
        "When the committee finally published its report, it was longer than anyone had expected. It described in careful detail how the bridge had been inspected, which warnings had been ignored and why the repairs had been postponed three times. The conclusion was simple: nobody had lied, but nobody had been responsible for reading the whole file either.",
        "Bread is one of the oldest prepared foods. Flour, water, salt and yeast are all it needs, yet bakers spend years learning how the dough behaves on a humid morning or in a cold kitchen. A good loaf has a crisp crust, an open crumb and a slightly sour taste that comes from a long, slow fermentation.",
        "She had not planned to stay in the city for more than a week. But the job at the library turned into a second job at the archive, and the archive needed someone who could read old handwriting. By the end of the year she had her own desk, a key to the reading room and a small flat above a bakery.",
        "Scientists have known for decades that sleep helps the brain consolidate memories. What is less clear is how much sleep is enough, and whether the timing matters as much as the total. A recent study followed two hundred students through an exam period and found that those who slept at regular hours remembered more, even when they slept less.",
        "The train was late again, so the passengers did what passengers always do: they complained to each other, checked their phones and pretended not to listen to the announcements. A child near the window counted the cranes on the building site across the tracks. He got to fourteen before the train finally moved.",
        "Good documentation answers the question the reader actually has, not the question the author finds interesting. It starts with what the thing is for, shows a short example that works, and only then explains the options. Every page should say what happens when something goes wrong, because that is when people read it most carefully.",
        "The storm reached the coast shortly after midnight. Fishermen had pulled their boats far up the beach, and the harbour master had closed the pier, but the waves still broke over the sea wall and flooded the lower streets. By morning the wind had dropped, and people came out to look at the sand and seaweed in front of the church.",
        "Learning a musical instrument as an adult is humbling. The fingers do not obey, the rhythm slips away and the teacher is often younger than your own children. Yet after a few months something changes: a phrase comes out the way you heard it in your head, and for a moment you forget that you are practising.",
        "Our quarterly results were better than forecast. Revenue grew by eleven percent, mainly because of the new subscription plans, while costs stayed flat. We will use part of the surplus to hire four engineers and to pay back the loan we took out last spring. The board has asked us to present a detailed plan at the next meeting.",
        "If you have ever tried to fold a fitted sheet, you know that some problems are harder than they look. The corners do not line up, the elastic pulls everything out of shape, and the result is a lump that fits in the cupboard only if you push the door shut with your knee.",
        "The museum reopened after two years of renovation. Visitors now enter through the old coach house, and the paintings hang in rooms that are lit from above by long glass roofs. The curators have removed half of the collection from display, so that each picture has more space and can be seen properly.",
    ];

    public static readonly string[] German =
    [
        "Die Sitzung begann mit einer halben Stunde Verspätung, weil der Beamer nicht funktionierte. Frau Müller übernahm schließlich das Protokoll und fasste die wichtigsten Punkte zusammen: Der Umzug in das neue Gebäude wird auf März verschoben, die Budgetplanung für das nächste Jahr muss bis Ende Oktober fertig sein, und für die Schulungen werden zusätzliche Räume benötigt.",
        "Wer im Herbst durch den Schwarzwald wandert, sollte sich auf wechselhaftes Wetter einstellen. Morgens liegt oft dichter Nebel über den Tälern, mittags scheint die Sonne, und am späten Nachmittag kann es schon empfindlich kühl werden. Eine wasserdichte Jacke, feste Schuhe und eine Thermoskanne mit heißem Tee gehören deshalb unbedingt ins Gepäck.",
        "Könnten Sie mir bitte erklären, warum die Anwendung beim Speichern großer Dateien abstürzt? Der Fehler tritt nur auf, wenn die Datei größer als zwei Gigabyte ist, und die Protokolldatei enthält lediglich die Meldung „Zugriff verweigert“. Ich habe bereits die Berechtigungen überprüft und das Programm neu installiert, leider ohne Erfolg.",
        "Die Großmutter backte jeden Samstag einen Zwetschgenkuchen. Die Früchte kamen aus dem eigenen Garten, der Teig wurde am Vorabend angesetzt, und während der Kuchen im Ofen war, duftete das ganze Haus nach Zimt und Butter. Für uns Kinder war das der schönste Moment der Woche, schöner als jedes Geschenk.",
        "Das Bundesverfassungsgericht hat entschieden, dass die Regelung in ihrer jetzigen Form nicht mit dem Grundgesetz vereinbar ist. Der Gesetzgeber muss bis zum Ende des übernächsten Jahres eine Neuregelung treffen. Bis dahin gilt die bisherige Vorschrift mit der Maßgabe weiter, dass Härtefälle gesondert zu prüfen sind.",
    ];

    public static readonly string[] French =
    [
        "Le marché du samedi matin est une véritable institution dans notre quartier. Dès sept heures, les maraîchers installent leurs étals de légumes, le fromager découpe d'énormes meules de comté et l'odeur du pain chaud se mêle à celle des poulets rôtis. On y vient autant pour faire ses courses que pour échanger quelques nouvelles avec les voisins.",
        "Pourriez-vous m'indiquer la marche à suivre pour réinitialiser mon mot de passe ? J'ai reçu un courriel de confirmation, mais le lien a expiré avant que je puisse l'ouvrir. J'ai essayé à plusieurs reprises depuis mon téléphone et depuis mon ordinateur, et à chaque fois le site affiche une erreur inattendue.",
        "Élevée dans une petite ville de Bretagne, Hélène a toujours été fascinée par la mer. Après des études de biologie à Brest, elle a passé trois ans sur un navire océanographique à étudier les courants de l'Atlantique Nord. Aujourd'hui, elle dirige une équipe qui surveille l'évolution des herbiers marins le long de la côte.",
        "La réunion de vendredi a permis de clarifier plusieurs points importants. Le calendrier du projet est maintenu, mais la livraison de la deuxième phase est repoussée de deux semaines afin de laisser le temps aux équipes de corriger les anomalies détectées lors des essais. Un compte rendu détaillé sera envoyé à tous les participants.",
        "Il faisait déjà nuit lorsque nous sommes arrivés au refuge. Le gardien nous attendait avec une soupe aux légumes et un gratin de pommes de terre, et la chaleur du poêle a vite fait oublier la fatigue de la montée. Le lendemain, le ciel était d'un bleu éclatant et les sommets enneigés brillaient au soleil.",
    ];

    public static readonly string[] Spanish =
    [
        "El pequeño pueblo de montaña celebra cada agosto una fiesta que dura casi una semana. Durante esos días las calles se llenan de música, los vecinos sacan mesas a la plaza y las abuelas preparan empanadas y rosquillas para todo el que pase. Muchos de los que emigraron a la ciudad vuelven solo para esas fechas.",
        "¿Podría decirme cuánto tarda normalmente el envío a Canarias? Hice el pedido hace diez días y el seguimiento indica que el paquete sigue en el almacén de Madrid. Necesito los libros para un curso que empieza el lunes, así que agradecería mucho una respuesta rápida.",
        "La investigación demostró que el consumo de agua en la región había aumentado un treinta por ciento en la última década, sobre todo por la expansión de los cultivos de regadío. Los autores proponen modernizar los canales, controlar mejor los pozos ilegales y ajustar las tarifas para fomentar el ahorro.",
        "Mi abuelo era carpintero y pasaba horas en su taller, rodeado de virutas y del olor a madera recién cortada. Me enseñó a usar el cepillo, a medir dos veces antes de cortar y a respetar las herramientas. Todavía conservo la pequeña caja de pino que construimos juntos cuando yo tenía ocho años.",
    ];

    public static readonly string[] Russian =
    [
        "Летом мы всегда уезжали к бабушке в деревню. Дом стоял на краю леса, за огородом начиналось поле, а за полем текла небольшая речка с холодной прозрачной водой. По утрам бабушка пекла блины, а вечером мы сидели на крыльце и слушали, как в траве стрекочут кузнечики.",
        "Подскажите, пожалуйста, как настроить резервное копирование базы данных на удалённый сервер. Сейчас копия создаётся каждую ночь на том же диске, и если диск выйдет из строя, мы потеряем и данные, и резервную копию. Объём базы около двухсот гигабайт, и он растёт примерно на десять процентов в месяц.",
        "На заседании совета директоров было принято решение о строительстве нового завода в Татарстане. Проект рассчитан на пять лет, общий объём инвестиций составит около сорока миллиардов рублей. Предприятие будет выпускать компоненты для электродвигателей и создаст более полутора тысяч рабочих мест.",
        "Зима в том году выдалась долгой и снежной. Дороги заметало так, что автобус до районного центра ходил через день, а иногда и вовсе не приходил. Учителя жили при школе, дети приезжали на санях, а в классах топили печи, и пахло дымом и мокрыми валенками.",
        "Главная идея статьи заключается в том, что сложные системы нельзя понять, изучая их части по отдельности. Поведение целого определяется связями между элементами, и небольшое изменение в одном месте может привести к неожиданным последствиям в другом. Автор приводит примеры из биологии, экономики и городского планирования.",
    ];

    public static readonly string[] Chinese =
    [
        "我们公司计划在明年春天推出一款新的移动应用，帮助用户更方便地管理日常开支。这个应用可以自动识别银行短信，把每一笔消费归入不同的类别，并在月底生成一份简单明了的报告。目前开发团队已经完成了大部分功能，正在进行内部测试。",
        "请问怎样才能在不丢失数据的情况下把旧电脑上的文件迁移到新电脑？我的旧电脑里有很多照片和工作文档，总共大约五百GB。我试过用移动硬盘复制，但是速度很慢，而且复制到一半的时候经常出错。有没有更好的办法？",
        "那年秋天，我第一次来到北京。胡同里的老槐树叶子已经黄了，早上的空气有些凉，街边的小摊上卖着热腾腾的豆浆和油条。我在一个四合院里租了一间小屋，房东是一位退休的老师，每天傍晚都会在院子里下象棋。",
        "研究人员发现，适量的体育锻炼不仅能增强体质，还能明显改善睡眠质量和情绪。参加实验的志愿者每周锻炼三次，每次四十分钟，坚持三个月以后，他们入睡的时间缩短了，白天的注意力也更加集中。",
        "这座城市历史悠久，古代曾是重要的商业中心。如今，老城区保留了许多明清时期的建筑，石板路两旁是各种传统手工艺品店和茶馆。每到节假日，游客络绎不绝，大家都喜欢在河边散步，欣赏两岸的灯火。",
    ];

    public static readonly string[] Japanese =
    [
        "来月の東京出張について確認させてください。新幹線は十時発の便を予約しましたが、会議が午後二時からなので、少し早めに到着して資料の最終確認をしたいと考えています。ホテルは会場の近くにあるビジネスホテルを二泊で手配済みです。",
        "子どものころ、夏休みになると毎年祖父母の家に泊まりに行きました。家の裏には小さな川が流れていて、兄と一緒に朝から晩まで魚を捕ったり、泳いだりして遊びました。夜になると縁側でスイカを食べながら、花火を見たのを今でもよく覚えています。",
        "このエラーメッセージはどういう意味でしょうか。アプリケーションを起動すると「設定ファイルが見つかりません」と表示されて、すぐに終了してしまいます。インストールの手順は説明書のとおりに行いましたし、ファイルも指定されたフォルダーにあるはずです。",
        "日本の伝統的な住宅では、畳や障子、ふすまなど、自然の素材が多く使われています。季節に合わせて部屋の使い方を変えることができ、夏は風通しを良くし、冬は部屋を小さく仕切って暖かく過ごす工夫がされてきました。",
        "新しいプロジェクトでは、開発チームとデザインチームが毎週金曜日に進捗を共有することになりました。課題管理ツールでタスクの状況を可視化し、問題があれば早めに相談できるようにします。最初のリリースは三か月後を予定しています。",
    ];

    public static readonly string[] Korean =
    [
        "다음 주 회의 일정을 확인하고 싶습니다. 화요일 오후 세 시로 예정되어 있었는데, 외부 손님이 오시는 관계로 수요일 오전으로 옮길 수 있을지 여쭤봅니다. 회의실은 이미 예약해 두었고, 발표 자료는 금요일까지 공유하겠습니다.",
        "어렸을 때 할머니 댁에 가면 항상 마당에 큰 감나무가 있었습니다. 가을이 되면 주황색 감이 가지마다 주렁주렁 달렸고, 할머니는 그 감으로 곶감을 만들어 겨울 내내 간식으로 주셨습니다. 지금도 곶감을 보면 그 시절이 떠오릅니다.",
        "이 프로그램을 설치한 뒤로 컴퓨터가 눈에 띄게 느려졌습니다. 부팅하는 데 오 분 이상 걸리고, 인터넷 창을 여는 것도 한참 기다려야 합니다. 프로그램을 삭제하면 원래대로 돌아오는지, 아니면 다른 설정을 바꿔야 하는지 알려 주세요.",
    ];

    public static readonly string[] EmojiChat =
    [
        "omg that's amazing!!! 🎉🎉 congrats on the new job 🥳 when do you start? we should celebrate this weekend 🍕🍻 let me know what works for you 😊",
        "lol no way 😂😂 i literally just said the same thing to sam. anyway are we still on for tomorrow? i can bring the cake 🎂 and some snacks 🍿",
        "Good morning ☀️ Reminder: team lunch at 12:30 today 🍜 at the new ramen place on 5th street. Please react with 👍 if you're coming so I can book the table!",
        "I'm so tired 😴 the baby was up all night again 👶🍼 but look at this smile 😍❤️ totally worth it. how are you guys doing?",
    ];
}
